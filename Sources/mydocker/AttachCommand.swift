import Arguments
import Attach
import ContainerStore
import Glibc
import LinuxSystem

extension MyDocker {
    /// `attach NAME`: our terminal to a detached container's, through its monitor's socket.
    struct AttachCommand: Command {
        static let spec = CommandSpec(
            name: "attach",
            abstract: "Attach to a detached container: its output, and with a terminal, your keys.",
            discussion: """
            With process.terminal, your terminal (raw mode) becomes the container's: keys go to it, its window \
            follows yours, and the detach keys (ctrl-p ctrl-q) leave it running. Without a terminal, its stdout \
            and stderr are streamed to yours, and the signals attach gets (ctrl-c) are forwarded to its process \
            (--sig-proxy). Attach ends when the container's process does, with its exit status (128+N for \
            signal N); after the detach keys, with 0. A container that is paused, restarting or not running \
            cannot be attached to.
            """,
            arguments: [
                .positional("name", help: "The container's name."),
                .option(
                    "detach-keys", valueName: "keys",
                    help: "The keys that detach: characters and ctrl-X, separated by commas (default ctrl-p,ctrl-q)."
                ),
                .flag("no-stdin", help: "Do not send your keys: only watch."),
                .option(
                    "sig-proxy", valueName: "bool", help: "Forward the signals attach gets to a process without a terminal.",
                    allowedValues: ["true", "false"], defaultValue: "true"
                ),
                StateRootOptions.argument,
            ]
        )

        let name: String
        let options: AttachClient.Options
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            name = arguments.value("name") ?? ""
            state = StateRootOptions(arguments)
            var keys = DetachKeys.default
            if let text = arguments.value("detach-keys") {
                do {
                    keys = try DetachKeys(parsing: text)
                } catch {
                    throw arguments.invalid(error.description)
                }
            }
            options = AttachClient.Options(detachKeys: keys, attachStdin: !arguments.flag("no-stdin"),
                                           proxySignals: arguments.value("sig-proxy") != "false")
        }

        func run() throws(ExitCode) {
            let store = state.store
            let container: ContainerState
            do {
                container = try store.loadSettled(name)
            } catch {
                throw StateConsole.fail("attach", error)
            }
            guard container.logPath != nil else {
                throw StateConsole.fail("attach", "container \(name) runs in the foreground: it is attached to apply's terminal")
            }
            switch ObservedStatus(container) {
            case .running: break
            case .paused: throw StateConsole.fail("attach", ContainerError.paused(name))
            case .restarting: throw StateConsole.fail("attach", ContainerError.restarting(name))
            default: throw StateConsole.fail("attach", ContainerError.notRunning(name))
            }
            let socket: FileDescriptor
            do {
                socket = try UnixSocket.connect(to: StateStore.attachSocket, inDirectory: store.directory(of: name))
            } catch {
                if error.errno == ECONNREFUSED || error.errno == ENOENT { throw StateConsole.fail("attach", ContainerError.notRunning(name)) }
                throw StateConsole.fail("attach", error.described(as: "connect to the monitor of \(name)"))
            }
            let outcome = AttachClient(socket: socket.rawValue, options: options).run()
            switch outcome {
            case let .exited(code):
                if code != 0 { throw ExitCode(code) }
            case let .killed(signal):
                throw ExitCode(128 + signal)
            case .detached:
                StateConsole.error("read escape sequence\n")
            case let .interrupted(signal):
                throw ExitCode(128 + signal)
            case let .refused(reason):
                throw StateConsole.fail("attach", reason)
            case .notATerminal:
                throw StateConsole.fail("attach", "the input device is not a terminal, and container \(name) has one: use --no-stdin to only watch it")
            case let .lost(reason):
                throw StateConsole.fail("attach", "\(name): \(reason)")
            }
        }
    }
}
