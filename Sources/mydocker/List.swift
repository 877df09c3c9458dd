import Arguments
import ContainerStore

extension MyDocker {
    /// runc's `list`: every container of the state root, made by `create` or by `apply`.
    struct List: Command {
        static let spec = CommandSpec(
            name: "list",
            abstract: "List containers with their OCI status (runc's list).",
            discussion: "Columns ID, PID, STATUS (created, running, paused, stopped), BUNDLE, CREATED, OWNER; --format json prints each container's state as `state` does, in an array; -q only the IDs.",
            arguments: [
                .option("format", short: "f", help: "Output format: table or json.", allowedValues: ["table", "json"], defaultValue: "table"),
                .flag("quiet", short: "q", help: "Only the IDs, one a line."),
                StateRootOptions.argument,
            ]
        )

        let json: Bool
        let quiet: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            json = arguments.value("format") == "json"
            quiet = arguments.flag("quiet")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let listed: [(name: String, state: Result<ContainerState, ContainerError>)]
            do {
                listed = try store.list()
            } catch {
                throw StateConsole.fail("list", error)
            }
            let states = listed.compactMap { entry -> OCIState? in
                guard case let .success(container) = entry.state else { return nil }
                return OCIState(container, specBytes: try? store.spec(of: entry.name))
            }
            if quiet { return StateConsole.out(states.map { $0.id + "\n" }.joined()) }
            if json { return StateConsole.out(ReportJSON.array(states.map(\.json)).rendered() + "\n") }
            StateConsole.out(TextTable.render(
                header: ["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"],
                rows: states.map { [$0.id, String($0.pid), $0.status, $0.bundle, $0.created, "root"] }
            ))
        }
    }
}
