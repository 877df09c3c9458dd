import Arguments
import ContainerStore
import Containers
import Runtime

extension MyDocker {
    /// runc's `start`: the created container's process goes on to its command.
    struct Start: Command {
        static let spec = CommandSpec(
            name: "start",
            abstract: "Start the process of a created container (runc's start).",
            discussion: "Only a container in status created can be started. Its prestart hooks run first (one that fails stops the container before its process runs, and is start's error), its poststart hooks once it runs (one that fails is a warning).",
            arguments: [.positional("id", help: "The container's ID."), StateRootOptions.argument]
        )

        let id: String
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            id = arguments.value("id") ?? ""
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            do {
                try OCIHooks.start(id, store: store)
            } catch {
                throw StateConsole.fail("start", OCIMessage.text(error))
            }
        }
    }
}
