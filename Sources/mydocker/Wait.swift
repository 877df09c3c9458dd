import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// `wait` as docker's: block until each container has ended, print how.
    struct Wait: Command {
        static let spec = CommandSpec(
            name: "wait",
            abstract: "Block until containers have ended, then print each one's exit code.",
            discussion: """
            As docker's wait: one line per container, in the order named, once it has ended: its exit code, 128+N \
            when signal N killed it (137 for the OOM killer), 125 when it failed to start or run, 255 when its end \
            was not recorded. A container that has already ended answers at once. Exit 1 when any is unknown.
            """,
            arguments: [
                .positional("names", .oneOrMore, help: "The containers' names."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            names = arguments.values("names")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            var failed = false
            for name in names {
                do {
                    StateConsole.out("\(try store.waitForEnd(name))\n")
                } catch {
                    StateConsole.error("mydocker wait: \(error)\n")
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
