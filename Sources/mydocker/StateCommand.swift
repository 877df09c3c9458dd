import Arguments
import ContainerStore

extension MyDocker {
    /// runc's `state`: the OCI state JSON of one container.
    struct StateCommand: Command {
        static let spec = CommandSpec(
            name: "state",
            abstract: "Print a container's state as the OCI runtime spec defines it (runc's state).",
            discussion: """
            JSON: ociVersion, id, status (created, running, paused or stopped: a container whose process ended \
            while nobody watched is stopped), pid (0 once stopped), bundle, rootfs, created, owner, annotations. \
            Containers made by apply show too (bundle: their spec's folder).
            """,
            arguments: [.positional("id", help: "The container's ID or name."), StateRootOptions.argument]
        )

        let id: String
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            id = arguments.value("id") ?? ""
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let container: ContainerState
            do {
                container = try store.loadSettled(id)
            } catch {
                throw StateConsole.fail("state", OCIMessage.text(error))
            }
            StateConsole.out(OCIState(container, specBytes: try? store.spec(of: id)).json.rendered() + "\n")
        }
    }
}
