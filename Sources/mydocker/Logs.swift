import Arguments
import ContainerLog
import ContainerStore
import Glibc
import LinuxSystem

extension MyDocker {
    struct Logs: Command {
        static let spec = CommandSpec(
            name: "logs",
            abstract: "Print what a detached container wrote: its stdout to stdout, its stderr to stderr.",
            discussion: """
            In the order it was written (a container with a terminal has one stream, shown as stdout). With \
            --follow, keep printing until the container is over (through its restarts) and its log is drained. \
            --tail and --since pick what is shown first; --follow goes on from there.
            """,
            arguments: [
                .positional("name", help: "The container's name."),
                .flag("follow", short: "f", help: "Keep printing while the container runs."),
                .option("tail", short: "n", valueName: "n", help: "Only the last N lines (all: every line).", defaultValue: "all"),
                .option(
                    "since", valueName: "time",
                    help: "Only what was written since TIME: RFC 3339 (2024-05-01T12:00:00Z), a date, Unix seconds, or a duration before now (10m, 1h30m)."
                ),
                .flag("timestamps", short: "t", help: "Put the time each line was written before it (RFC 3339, nanoseconds)."),
                StateRootOptions.argument,
            ]
        )

        let name: String
        let follow: Bool
        /// nil: all.
        let tail: Int?
        /// Nanoseconds since the epoch.
        let since: Int64?
        let timestamps: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            name = arguments.value("name") ?? ""
            follow = arguments.flag("follow")
            timestamps = arguments.flag("timestamps")
            state = StateRootOptions(arguments)
            let tailText = arguments.value("tail") ?? "all"
            if tailText == "all" {
                tail = nil
            } else if let count = Int(tailText), count >= 0 {
                tail = count
            } else {
                throw arguments.invalid("--tail takes a number of lines (0 or more) or \"all\", not \"\(tailText)\"")
            }
            if let text = arguments.value("since") {
                guard let time = LogSince.parse(text, now: LogTime.now()) else {
                    throw arguments.invalid("--since takes a time (2024-05-01T12:00:00Z, 2024-05-01, 1714564800) or a duration (10m, 1h30m), not \"\(text)\"")
                }
                since = time
            } else {
                since = nil
            }
        }

        func run() throws(ExitCode) {
            let store = state.store
            let container: ContainerState
            do {
                container = try store.load(name)
            } catch {
                throw StateConsole.fail("logs", error)
            }
            guard let logPath = container.logPath else {
                throw StateConsole.fail("logs", "container \(name) ran in the foreground: its output went to the terminal, there is no log")
            }
            do {
                try show(logPath, store: store)
            } catch {
                throw StateConsole.fail("logs", error.described(as: "read \(logPath)"))
            }
        }

        func show(_ path: String, store: StateStore) throws(SystemError) {
            var log = try LogFile(path: path)
            var selection = LogSelection(start: 0)
            if let tail { selection = try log.lastLines(tail) }
            // Records before --since are skipped as they are read; this only saves reading most of them.
            let start = try since.map { (time) throws(SystemError) in max(selection.start, try log.offset(since: time)) } ?? selection.start
            var cursor = LogCursor(offset: start)
            var printer = LogPrinter(timestamps: timestamps, since: since)
            let print: LogCursor.Visitor = { (record, line, offset) throws(SystemError) in
                if selection.includes(offset) { try printer.print(record, line: line) }
            }
            while true {
                try cursor.readAvailable(&log, print)
                try printer.flush()
                // Done unless following a container that is still live; once it is not, its monitor has put all
                // it wrote into the log: one last read takes it.
                let live = (try? store.loadSettled(name)).map { ObservedStatus($0).isLive } ?? false
                guard follow, live else {
                    try cursor.readAvailable(&log, print)
                    if !live { try cursor.finish(print) }
                    try printer.flush()
                    return
                }
                Clock.sleep(milliseconds: 100)
            }
        }
    }
}
