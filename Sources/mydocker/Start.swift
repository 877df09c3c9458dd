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
            discussion: "Only a container in status created can be started. Its poststart hooks run once it is; a hook that fails is a warning.",
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
                try store.start(id)
            } catch {
                throw StateConsole.fail("start", error)
            }
            OCIHooks.run("poststart", store: store, id: id, status: "running")
        }
    }
}
