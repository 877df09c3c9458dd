import Arguments
import Cgroups
import ContainerStore
import Glibc
import LinuxSystem

extension MyDocker {
    /// `stats`: what running containers use, from their cgroups, as `docker stats` shows it (without NET I/O:
    /// a container's network is not a cgroup's).
    struct Stats: Command {
        static let spec = CommandSpec(
            name: "stats",
            abstract: "Show the CPU, memory, block I/O and pids of running containers.",
            discussion: """
            Every running or paused container when no name is given. CPU % is the cpu time of the container's \
            cgroup over the wall time between two readings (two busy cores: 200%); MEM USAGE leaves out the \
            inactive file cache, as docker does, and LIMIT is the host's memory when the container has no limit. \
            Refreshed about once a second until interrupted (the table redrawn on a terminal); --no-stream prints \
            one reading, taken over 100 ms. A value the host does not provide shows as --.
            """,
            arguments: [
                .positional("names", .zeroOrMore, help: "The containers' names (default: every running container)."),
                .flag("no-stream", help: "Print one reading and exit."),
                .option(
                    "format", help: "Output format: table, or json (one array per reading, with raw numbers).",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.table.rawValue
                ),
                StateRootOptions.argument,
            ]
        )

        enum Format: String, CaseIterable {
            case table, json
        }

        /// Between the two readings of --no-stream (and before the first table of a stream).
        static let firstInterval = 100
        /// Between the tables of a stream.
        static let interval = 1000

        let names: [String]
        let noStream: Bool
        let format: Format
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            names = arguments.values("names")
            noStream = arguments.flag("no-stream")
            format = arguments.value("format", as: Format.self) ?? .table
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            var host = HostCgroups()
            // Named containers are checked once, up front: each one that is unknown or not running is reported.
            var named: [Watched] = []
            var failed = false
            for name in names {
                do {
                    named.append(try Watched(name, store: store, host: &host))
                } catch {
                    StateConsole.error("mydocker stats: \(error)\n")
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }

            let hostMemory = CgroupStats.hostMemory()
            let redraw = format == .table && !noStream && isatty(1) == 1
            var watched = try names.isEmpty ? Self.running(store, host: &host) : named
            var previous = Self.read(watched)
            Clock.sleep(milliseconds: Self.firstInterval)
            var frame = 0
            while true {
                let current = Self.read(watched)
                let rows = watched.map { container in
                    StatsRow(container, previous: previous[container.name], current: current[container.name] ?? CgroupStats(time: 0),
                             hostMemory: hostMemory)
                }
                let text = format == .json ? StatsRow.json(rows) + "\n"
                    : redraw ? Self.redrawn(StatsRow.table(rows), first: frame == 0) : StatsRow.table(rows)
                // A reader that went away (`stats | head`) ends the stream.
                guard StateConsole.write(1, Array(text.utf8)) == 0 else { return }
                if noStream { return }
                previous = current
                frame += 1
                Clock.sleep(milliseconds: Self.interval)
                // Without names, the containers that run now: new ones appear, ended ones go.
                if names.isEmpty { watched = try Self.running(store, host: &host) }
            }
        }

        /// `table` drawn over the previous one on a terminal: the cursor home, each line cleared to its end, the
        /// rest of the screen cleared below (the whole screen cleared first, once), as docker redraws without flicker.
        static func redrawn(_ table: String, first: Bool) -> String {
            let escape = "\u{1B}["
            let lines = table.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let body = lines.map { String($0) + escape + "K\n" }.joined()
            return (first ? escape + "2J" : "") + escape + "H" + body + escape + "J"
        }

        /// Every running or paused container, by name.
        static func running(_ store: StateStore, host: inout HostCgroups) throws(ExitCode) -> [Watched] {
            let listed: [(name: String, state: Result<ContainerState, ContainerError>)]
            do {
                listed = try store.list()
            } catch {
                throw StateConsole.fail("stats", error)
            }
            var watched: [Watched] = []
            for (_, result) in listed {
                // A state that cannot be read is ps's to report.
                guard case let .success(state) = result else { continue }
                do {
                    watched.append(try Watched(state, host: &host))
                } catch .notRunning {
                    continue
                } catch {
                    throw StateConsole.fail("stats", error)
                }
            }
            return watched
        }

        /// One reading of each container, by name.
        static func read(_ watched: [Watched]) -> [String: CgroupStats] {
            var readings: [String: CgroupStats] = [:]
            for container in watched {
                readings[container.name] = container.cgroup.map { CgroupStats.read($0) } ?? CgroupStats(time: Clock.monotonicNanoseconds())
            }
            return readings
        }
    }
}

/// The host's cgroup hierarchies, read once, when the first container with a cgroup needs them.
struct HostCgroups {
    private var host: CgroupHost?

    mutating func get() throws(ContainerError) -> CgroupHost {
        if let host { return host }
        do {
            let found = try CgroupHost.current()
            host = found
            return found
        } catch {
            throw .system(what: "find the cgroup hierarchies", error.cause)
        }
    }
}

/// A running or paused container and its cgroup (nil when its state records none: started by an older mydocker).
struct Watched {
    var name: String
    var status: ObservedStatus
    var cgroup: ContainerCgroup?

    /// `name` from the store: an error when it is unknown or not running.
    init(_ name: String, store: StateStore, host: inout HostCgroups) throws(ContainerError) {
        try self.init(try store.load(name), host: &host)
    }

    init(_ state: ContainerState, host: inout HostCgroups) throws(ContainerError) {
        name = state.name
        status = ObservedStatus(state)
        guard status == .running || status == .paused else { throw .notRunning(state.name) }
        // As kill and pause find it: the path and directories the state recorded.
        cgroup = state.cgroup == nil ? nil : try StateStore.cgroup(of: state, host: try host.get())
    }
}

/// One container in one sample of `stats`: its reading and what is derived from it.
struct StatsRow {
    var name: String
    var status: ObservedStatus
    var stats: CgroupStats
    /// Nil on a container's first reading.
    var cpuPercent: Double?
    /// The cgroup's, or the host's memory when it has none.
    var memoryLimit: UInt64?
    var memoryPercent: Double?

    init(_ container: Watched, previous: CgroupStats?, current: CgroupStats, hostMemory: UInt64?) {
        self.init(name: container.name, status: container.status, previous: previous, current: current, hostMemory: hostMemory)
    }

    init(name: String, status: ObservedStatus, previous: CgroupStats?, current: CgroupStats, hostMemory: UInt64?) {
        self.name = name
        self.status = status
        stats = current
        cpuPercent = previous.flatMap { CgroupStats.cpuPercent(from: $0, to: current) }
        memoryLimit = current.effectiveMemoryLimit(hostMemory: hostMemory)
        memoryPercent = CgroupStats.memoryPercent(usage: current.memoryUsage, limit: memoryLimit)
    }

    static let header = ["NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "BLOCK I/O", "PIDS"]

    /// The cells under ``header``, as docker prints them; `--` for what is not known.
    var cells: [String] {
        let missing = "--"
        let memory = (stats.memoryUsage.map(SizeText.binary) ?? missing) + " / " + (memoryLimit.map(SizeText.binary) ?? missing)
        let block = stats.blockRead.flatMap { read in
            stats.blockWritten.map { SizeText.decimal(read) + " / " + SizeText.decimal($0) }
        } ?? missing
        return [
            name, cpuPercent.map(SizeText.percent) ?? missing, memory,
            memoryPercent.map(SizeText.percent) ?? missing, block, stats.pids.map { String($0) } ?? missing,
        ]
    }

    /// The sample as a table (``TextTable``).
    static func table(_ rows: [StatsRow]) -> String {
        TextTable.render(header: header, rows: rows.map(\.cells))
    }

    /// The members of one container in `--format json`: raw numbers (bytes, nanoseconds), null for what is not
    /// known; percentages with two decimals.
    var json: ReportJSON {
        var limited: ReportJSON = .null
        switch stats.memoryLimit {
        case .bytes: limited = .bool(true)
        case .unlimited: limited = .bool(false)
        case nil: break
        }
        var pidsLimit: ReportJSON = .null
        if case let .bytes(value)? = stats.pidsLimit { pidsLimit = .uint(value) }
        func number(_ value: UInt64?) -> ReportJSON { value.map { .uint($0) } ?? .null }
        func percent(_ value: Double?) -> ReportJSON { value.map { .fixed($0, places: 2) } ?? .null }
        return .object([
            ("name", .string(name)),
            ("status", .string(status.keyword)),
            ("cpuPercent", percent(cpuPercent)),
            ("cpuUsageNanoseconds", number(stats.cpuNanoseconds)),
            ("memoryUsageBytes", number(stats.memoryUsage)),
            ("memoryLimitBytes", number(memoryLimit)),
            ("memoryLimited", limited),
            ("memoryPercent", percent(memoryPercent)),
            ("blockReadBytes", number(stats.blockRead)),
            ("blockWriteBytes", number(stats.blockWritten)),
            ("pids", number(stats.pids)),
            ("pidsLimit", pidsLimit),
        ])
    }

    /// One JSON array of the sample, without a newline at the end.
    static func json(_ rows: [StatsRow]) -> String {
        ReportJSON.array(rows.map(\.json)).rendered()
    }
}

/// `--format json` of `stats`: an array of flat objects laid out as ``ReportJSON`` lays them out, with
/// percentages as decimal numbers (which ReportJSON has no case for).
/// Sizes and percentages as docker prints them (go-units): memory in binary units with four significant digits
/// (`1.234MiB`, `2GiB`), block I/O in decimal units with three (`147kB`), percentages with two decimals.
enum SizeText {
    static let binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]

    /// go-units' BytesSize.
    static func binary(_ bytes: UInt64) -> String { scaled(bytes, base: 1024, units: binaryUnits, precision: 4) }

    /// go-units' HumanSizeWithPrecision(bytes, 3).
    static func decimal(_ bytes: UInt64) -> String { scaled(bytes, base: 1000, units: decimalUnits, precision: 3) }

    static func percent(_ value: Double) -> String { format("%.2f", value) + "%" }

    static func scaled(_ bytes: UInt64, base: Double, units: [String], precision: Int32) -> String {
        var size = Double(bytes)
        var unit = 0
        while size >= base && unit < units.count - 1 {
            size /= base
            unit += 1
        }
        return format("%.*g", precision, size) + units[unit]
    }

    /// printf(3) formatting of numbers.
    static func format(_ format: String, _ arguments: any CVarArg...) -> String {
        withVaList(arguments) { list in
            var buffer = [CChar](repeating: 0, count: 64)
            let count = vsnprintf(&buffer, buffer.count, format, list)
            return String(decoding: buffer.prefix(max(0, min(Int(count), buffer.count - 1))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
