import Glibc

/// One process as `ps -f` describes it, read from /proc/PID: its parent, effective user, terminal, CPU time,
/// start and command line (`top`).
public struct ProcessSnapshot: Sendable, Equatable {
    public var pid: Int32
    public var ppid: Int32
    /// The effective uid (the second field of `Uid:` in /proc/PID/status), as ps's UID column shows it.
    public var uid: UInt32
    /// The controlling terminal's device number (field 7 of stat), 0 for none.
    public var terminal: Int32
    /// User and system CPU time, in clock ticks (fields 14 and 15).
    public var cpuTicks: UInt64
    /// When it started, in clock ticks since boot (field 22).
    public var startTicks: UInt64
    /// The command line; empty for a kernel thread or a zombie.
    public var arguments: [String]
    /// The command name (field 2, up to 15 bytes).
    public var name: String

    public init(pid: Int32, ppid: Int32, uid: UInt32, terminal: Int32, cpuTicks: UInt64, startTicks: UInt64,
                arguments: [String], name: String) {
        self.pid = pid
        self.ppid = ppid
        self.uid = uid
        self.terminal = terminal
        self.cpuTicks = cpuTicks
        self.startTicks = startTicks
        self.arguments = arguments
        self.name = name
    }

    /// The process `pid` now, nil once it is gone.
    public static func read(pid: Int32, procRoot: String = "/proc") -> ProcessSnapshot? {
        let base = "\(procRoot)/\(pid)"
        guard let stat = Sys.readFile(base + "/stat"), let status = Sys.readFile(base + "/status") else { return nil }
        return parse(pid: pid, stat: String(decoding: stat, as: UTF8.self), status: String(decoding: status, as: UTF8.self),
                     cmdline: Sys.readFile(base + "/cmdline") ?? [])
    }

    /// From the texts of /proc/PID/stat and /proc/PID/status and the bytes of /proc/PID/cmdline. The command name
    /// may hold spaces and parentheses: stat's fields are counted from its last ")".
    static func parse(pid: Int32, stat: String, status: String, cmdline: [UInt8]) -> ProcessSnapshot? {
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"), open < close else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state).
        guard fields.count > 19, let ppid = Int32(fields[1]), let terminal = Int32(fields[4]),
              let user = UInt64(fields[11]), let system = UInt64(fields[12]), let start = UInt64(fields[19])
        else { return nil }
        let uidLine = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        let uids = uidLine?.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }) ?? []
        guard uids.count > 1, let uid = UInt32(uids[1]) else { return nil }
        var arguments = cmdline.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if arguments.last == "" { arguments.removeLast() }
        return ProcessSnapshot(pid: pid, ppid: ppid, uid: uid, terminal: terminal, cpuTicks: user + system, startTicks: start,
                               arguments: arguments, name: String(stat[stat.index(after: open)..<close]))
    }
}

/// The clock of /proc's tick counts: ticks per second and the boot time.
public enum ProcClock {
    /// sysconf(_SC_CLK_TCK): the unit of stat's times.
    public static var ticksPerSecond: UInt64 { UInt64(max(1, sysconf(Int32(_SC_CLK_TCK)))) }

    /// Seconds since the epoch at boot: `btime` of /proc/stat.
    public static func bootTime(procRoot: String = "/proc") -> Int64? {
        guard let bytes = Sys.readFile(procRoot + "/stat") else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("btime ") }
        return line.flatMap { Int64($0.dropFirst(6)) }
    }

    /// Seconds since boot, with their fraction: the first number of /proc/uptime.
    public static func uptime(procRoot: String = "/proc") -> Double? {
        guard let bytes = Sys.readFile(procRoot + "/uptime") else { return nil }
        return String(decoding: bytes, as: UTF8.self).split(separator: " ").first.flatMap { Double($0) }
    }
}
