import Arguments
import ContainerStore
import LinuxSystem

/// `--signal` and `--timeout` of `stop` and `restart`, as docker's.
struct StopOptions {
    static let arguments: [ArgumentSpec] = [
        .option(
            "signal", short: "s",
            help: "The signal to send first (default: the container's stop signal: its spec's org.opencontainers.image.stopSignal annotation, else TERM)."
        ),
        .option(
            "timeout", short: "t", valueName: "seconds",
            help: "Seconds to wait for it to end before SIGKILL; -1 waits for ever.", defaultValue: String(StateStore.defaultStopTimeout)
        ),
    ]

    /// nil: the container's own stop signal.
    let signal: Int32?
    /// nil: no limit.
    let timeout: Int?

    init(_ arguments: ParsedArguments) throws(ArgumentError) {
        if let text = arguments.values("signal").last {
            guard let number = SignalNames.parse(text) else {
                throw arguments.invalid("unknown signal \"\(text)\": use a name such as TERM, QUIT or INT, or a number from 1 to \(SignalNames.maxSignal)")
            }
            signal = number
        } else {
            signal = nil
        }
        let text = arguments.value("timeout") ?? String(StateStore.defaultStopTimeout)
        guard let seconds = Int(text) else {
            throw arguments.invalid("--timeout takes a whole number of seconds (-1: no limit), not \"\(text)\"")
        }
        timeout = seconds < 0 ? nil : seconds
    }
}
