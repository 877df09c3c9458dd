import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// runc's `delete`.
    struct Delete: Command {
        static let spec = CommandSpec(
            name: "delete",
            abstract: "Delete a stopped container: its cgroup and state; --force kills a live one first (runc's delete).",
            discussion: """
            A created, running or paused container is refused without --force (the OCI runtime spec: deleting a \
            container that is not stopped fails and changes nothing). Its poststop hooks run once it is gone. \
            delete --force of an ID that does not exist succeeds, as runc's (engines delete what may be gone).
            """,
            arguments: [
                .flag("force", short: "f", help: "Kill the container's processes first (SIGKILL) if it is not stopped."),
                .positional("id", help: "The container's ID or name."),
                StateRootOptions.argument,
            ]
        )

        let id: String
        let force: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            id = arguments.value("id") ?? ""
            force = arguments.flag("force")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let specBytes = try? store.spec(of: id)
            let removed: ContainerState?
            do {
                removed = try store.delete(id, force: force)
            } catch {
                if force, case .noSuchContainer = error { return }
                throw StateConsole.fail("delete", OCIMessage.text(error))
            }
            if let removed, let bundle = removed.bundle, let specBytes {
                OCIHooks.run("poststop", specBytes: specBytes, state: removed, bundle: bundle, status: "stopped")
            }
        }
    }
}
