import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

extension MyDocker {
    struct Ps: Command {
        static let spec = CommandSpec(
            name: "ps",
            abstract: "List named containers.",
            discussion: """
            NAME, PID, COMMAND (what it runs, quoted, cut at 20 characters unless --no-trunc), STATUS (running, \
            paused, restarting (how its last run ended), exited N, killed by SIGNAL, exited (unknown status) when \
            its process died while nobody watched), AGE since it started, and the SPEC it was applied from. Only \
            running, paused and restarting containers unless --all or a status filter.

            --filter, as docker's: name=REGEX (found anywhere in the name; ^web$ for web alone), \
            status=created|restarting|running|paused|exited. Values of one key are alternatives; different keys must \
            all match.

            `ps ID` (runc's ps) lists the processes of one container instead: ps -ef's columns, or with \
            --format json a JSON array of their pids.
            """,
            arguments: [
                .flag("all", short: "a", help: "Show every container, not only running ones."),
                .flag("quiet", short: "q", help: "Only the names, one a line."),
                .option("filter", short: "f", valueName: "key=value", help: "Only the containers that match (name=REGEX, status=STATUS).", repeating: true),
                .flag("no-trunc", help: "Do not cut the COMMAND column."),
                .option(
                    "format", help: "Output format: table or json.",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.table.rawValue
                ),
                StateRootOptions.argument,
                .positional("id", .optional, help: "A container: list its processes instead (runc's ps)."),
            ]
        )

        enum Format: String, CaseIterable {
            case table, json
        }

        let all: Bool
        let quiet: Bool
        let filter: PsFilter
        let truncate: Bool
        let format: Format
        let state: StateRootOptions
        let id: String?

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            all = arguments.flag("all")
            quiet = arguments.flag("quiet")
            filter = try PsFilter(arguments.values("filter"), arguments: arguments)
            truncate = !arguments.flag("no-trunc")
            format = arguments.value("format", as: Format.self) ?? .table
            state = StateRootOptions(arguments)
            id = arguments.value("id")
        }

        func run() throws(ExitCode) {
            let store = state.store
            if let id { return try processes(of: id, store: store) }
            let listed: [(name: String, state: Result<ContainerState, ContainerError>)]
            do {
                listed = try store.list()
            } catch {
                throw StateConsole.fail("ps", error)
            }
            let now = Clock.now()
            let rows = listed.map { PsRow($0.name, $0.state, now: now) }
                .filter { (all || filter.showsAll || $0.isUp) && filter.matches($0) }
            if quiet { return StateConsole.out(rows.map { $0.name + "\n" }.joined()) }
            switch format {
            case .table: StateConsole.out(PsRow.table(rows, truncate: truncate))
            case .json: StateConsole.out(ReportJSON.array(rows.map(\.json)).rendered() + "\n")
            }
        }
    }
}

extension MyDocker.Ps {
    /// runc's `ps ID`: the container's processes (every process of its cgroup), as ps -ef's columns or a JSON array
    /// of pids; a stopped container has none.
    func processes(of id: String, store: StateStore) throws(ExitCode) {
        let pids: [Int32]
        do {
            pids = try store.processes(of: try store.load(id))
        } catch {
            throw StateConsole.fail("ps", error)
        }
        switch format {
        case .json: StateConsole.out(ReportJSON.array(pids.map { .int(Int64($0)) }).rendered() + "\n")
        case .table: StateConsole.out(MyDocker.Top.table(pids))
        }
    }
}

/// One container as `ps` shows it.
struct PsRow {
    var name: String
    var state: ContainerState?
    /// nil when the state cannot be read.
    var status: ObservedStatus?
    var problem: String?
    var age: Int64?

    init(_ name: String, _ result: Result<ContainerState, ContainerError>, now: Int64) {
        self.name = name
        switch result {
        case let .success(state):
            self.state = state
            status = ObservedStatus(state)
            age = now - (state.started ?? state.created)
        case let .failure(error):
            problem = error.description
        }
    }

    var statusText: String { status?.text ?? "unknown (unreadable state)" }
    /// Running or paused: its process is there.
    var hasProcess: Bool { status == .running || status == .paused }
    /// Listed without --all, as docker lists them: running, paused, or between two runs (restarting).
    var isUp: Bool { status?.isLive == true && status != .created }
    var pidText: String { hasProcess ? state?.process.map { String($0.pid) } ?? "-" : "-" }

    static func table(_ rows: [PsRow], truncate: Bool = true) -> String {
        TextTable.render(
            header: ["NAME", "PID", "COMMAND", "STATUS", "AGE", "SPEC"],
            rows: rows.map {
                [$0.name, $0.pidText, $0.commandText(truncate: truncate), $0.statusText, $0.age.map(Age.text) ?? "-", $0.state?.specPath ?? "-"]
            }
        )
    }

    /// The command it runs as docker's COMMAND column shows it: its words joined by spaces, quoted, cut to 20
    /// characters (the last one `…`) when `truncate`; `-` when the state does not record it.
    func commandText(truncate: Bool) -> String {
        guard let words = state?.args, !words.isEmpty else { return "-" }
        var command = words.joined(separator: " ")
        if truncate && command.count > Self.commandWidth { command = command.prefix(Self.commandWidth - 1) + "…" }
        return ReportJSON.quote(command)
    }

    static let commandWidth = 20

    var json: ReportJSON {
        var members: [(String, ReportJSON)] = [("name", .string(name))]
        guard let state, let status else {
            members.append(("status", .string("unknown")))
            members.append(("error", .optional(problem)))
            return .object(members)
        }
        var exitCode: Int32? = nil
        var signal: Int32? = nil
        var error: String? = nil
        switch status {
        case let .exited(code): exitCode = code
        case let .killed(number): signal = number
        case .oomKilled: signal = SIGKILL
        case let .failed(text): error = text
        default: break
        }
        members += [
            ("pid", hasProcess ? .optional(state.process?.pid) : .null),
            ("status", .string(status.keyword)),
            ("statusText", .string(status.text)),
            ("exitCode", .optional(exitCode)),
            ("signal", .optional(signal)),
            ("signalName", signal.map { .string(SignalNames.name(of: $0)) } ?? .null),
            ("error", .optional(error)),
            ("oomKilled", .bool(state.oomKilled)),
            ("created", .int(state.created)),
            ("started", .optional(state.started)),
            ("finished", .optional(state.finished)),
            ("ageSeconds", .optional(age)),
            ("command", .array(state.args.map { .string($0) })),
            ("spec", .string(state.specPath)),
            ("log", .optional(state.logPath)),
        ]
        return .object(members)
    }
}
