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
            NAME, PID, STATUS (running, paused, restarting (how its last run ended), exited N, killed by SIGNAL, \
            exited (unknown status) when its process died while nobody watched), AGE since it started, and the \
            SPEC it was applied from. Only running, paused and restarting containers unless --all.
            """,
            arguments: [
                .flag("all", short: "a", help: "Show every container, not only running ones."),
                .option(
                    "format", help: "Output format: table or json.",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.table.rawValue
                ),
                StateRootOptions.argument,
            ]
        )

        enum Format: String, CaseIterable {
            case table, json
        }

        let all: Bool
        let format: Format
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            all = arguments.flag("all")
            format = arguments.value("format", as: Format.self) ?? .table
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let listed: [(name: String, state: Result<ContainerState, ContainerError>)]
            do {
                listed = try store.list()
            } catch {
                throw StateConsole.fail("ps", error)
            }
            let now = Clock.now()
            let rows = listed.map { PsRow($0.name, $0.state, now: now) }.filter { all || $0.isUp }
            switch format {
            case .table: StateConsole.out(PsRow.table(rows))
            case .json: StateConsole.out(ReportJSON.array(rows.map(\.json)).rendered() + "\n")
            }
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

    static func table(_ rows: [PsRow]) -> String {
        TextTable.render(
            header: ["NAME", "PID", "STATUS", "AGE", "SPEC"],
            rows: rows.map { [$0.name, $0.pidText, $0.statusText, $0.age.map(Age.text) ?? "-", $0.state?.specPath ?? "-"] }
        )
    }

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
            ("spec", .string(state.specPath)),
            ("log", .optional(state.logPath)),
        ]
        return .object(members)
    }
}
