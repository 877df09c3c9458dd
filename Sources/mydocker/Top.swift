import Arguments
import ContainerStore
import Containers
import Exec
import LinuxSystem
import Glibc

extension MyDocker {
    /// `top` as docker's: the processes of a running container.
    struct Top: Command {
        static let spec = CommandSpec(
            name: "top",
            abstract: "Show the processes of a running container.",
            usage: "mydocker top [--root <dir>] <name> [<ps options> ...]",
            discussion: """
            As docker's top: every process of the container's cgroup, with ps -ef's columns (UID PID PPID C STIME \
            TTY TIME CMD), pids and users as the host sees them. With ps options, ps(1) runs with them (and \
            `-q PIDS` where ps accepts it), and the lines whose PID column names a process of the container are \
            printed as ps wrote them. Exit 1 when the container is not running.
            """,
            arguments: [
                StateRootOptions.argument,
                .positional("name", help: "The container's name."),
                .positional("options", .passthrough, help: "ps(1) options (default: ps -ef's columns)."),
            ]
        )

        let name: String
        let options: [String]
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            name = arguments.value("name") ?? ""
            options = arguments.values("options")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let pids: [Int32]
            do throws(ContainerError) {
                let container = try store.load(name)
                let status = ObservedStatus(container)
                if case .restarting = status { throw ContainerError.restarting(name) }
                guard status.hasProcess else { throw ContainerError.notRunning(name) }
                pids = try store.processes(of: container)
            } catch {
                throw StateConsole.fail("top", error)
            }
            StateConsole.out(options.isEmpty ? Self.table(pids) : try Self.psLines(options, pids: pids))
        }

        /// ps -ef's columns, from /proc.
        static func table(_ pids: [Int32]) -> String {
            let columns = ProcessColumns(
                userNames: UserNames.byUID(passwd: Sys.readFile("/etc/passwd").map { String(decoding: $0, as: UTF8.self) } ?? ""),
                bootTime: ProcClock.bootTime() ?? 0, uptime: ProcClock.uptime() ?? 0,
                ticksPerSecond: ProcClock.ticksPerSecond, now: Clock.now()
            )
            let rows = pids.compactMap { ProcessSnapshot.read(pid: $0) }.map(columns.row)
            return TextTable.render(header: ProcessColumns.header, rows: rows)
        }

        /// ps(1) with `options`: its header, and its lines whose PID column is one of `pids`. As docker does, ps
        /// is asked for those pids alone (`-q`) first, and run again without when it refuses that with these options.
        static func psLines(_ options: [String], pids: [Int32]) throws(ExitCode) -> String {
            let environment = Sys.environment()
            let only = ["-q", pids.map(String.init).joined(separator: ",")]
            var output: (exit: ProcessExit, output: [UInt8])
            do {
                output = try CapturedRun.run(["ps"] + options + (pids.isEmpty ? [] : only), environment: environment, quiet: true)
                if output.exit != .exited(0) { output = try CapturedRun.run(["ps"] + options, environment: environment) }
            } catch {
                throw StateConsole.fail("top", error.described(as: "run ps"))
            }
            guard output.exit == .exited(0) else {
                throw StateConsole.fail("top", "ps \(options.joined(separator: " ")) failed (exit status \(output.exit.shellStatus))")
            }
            let lines = String(decoding: output.output, as: UTF8.self).split(separator: "\n")
            guard let header = lines.first, let column = header.split(separator: " ").firstIndex(of: "PID") else {
                throw StateConsole.fail("top", "ps \(options.joined(separator: " ")) printed no PID column: ask for one (-o pid,…)")
            }
            let wanted = Set(pids)
            let kept = lines.dropFirst().filter { line in
                let fields = line.split(separator: " ")
                return column < fields.count && Int32(fields[column]).map(wanted.contains) == true
            }
            return ([header] + kept).joined(separator: "\n") + "\n"
        }
    }
}
