import ArgumentParser
import Executor
import Glibc

extension MyDocker {
    struct Kill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a signal to a running container's process.",
            discussion: "SIGNAL is a name (TERM, SIGTERM, kill) or a number; TERM when absent. Exit 1 when it is not running."
        )

        @Argument(help: "The container's name.")
        var name: String

        @Argument(help: "The signal: a name or a number (default TERM).")
        var signal: String = "TERM"

        @OptionGroup var state: StateRootOptions

        func validate() throws {
            guard SignalNames.parse(signal) != nil else {
                throw ValidationError("unknown signal \"\(signal)\": use a name such as TERM, KILL, HUP or a number from 1 to 64")
            }
        }

        func run() throws {
            let number = SignalNames.parse(signal) ?? SIGTERM
            do {
                try state.store.kill(name, signal: number)
            } catch {
                throw StateConsole.fail("kill", error)
            }
            StateConsole.out(name + "\n")
        }
    }
}
