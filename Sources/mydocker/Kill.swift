import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

extension MyDocker {
    struct Kill: Command {
        static let spec = CommandSpec(
            name: "kill",
            abstract: "Send a signal to a running container's process.",
            discussion: """
            SIGNAL is a name (TERM, SIGTERM, kill) or a number; TERM when absent. Every process of the container \
            gets it. Exit 1 when it is not running. With a restart policy (apply --restart), kill is the user \
            stopping it, as docker's kill: TERM (the stop signal) or KILL ends it for good, whatever the policy, \
            also between two runs; another signal is only delivered, and keeps unless-stopped (not always or \
            on-failure) from restarting it once it ends.
            """,
            arguments: [
                .positional("name", help: "The container's name."),
                .positional(
                    "signal", .optional, help: "The signal: a name or a number (default TERM).", defaultValue: "TERM",
                    completion: .words(SignalNames.table.map(\.name))
                ),
                StateRootOptions.argument,
            ]
        )

        let name: String
        let signal: Int32
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            name = arguments.value("name") ?? ""
            let signal = arguments.value("signal") ?? "TERM"
            guard let number = SignalNames.parse(signal) else {
                throw arguments.invalid("unknown signal \"\(signal)\": use a name such as TERM, KILL, HUP or a number from 1 to 64")
            }
            self.signal = number
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            do {
                try state.store.kill(name, signal: signal)
            } catch {
                throw StateConsole.fail("kill", error)
            }
            StateConsole.out(name + "\n")
        }
    }
}
