import CShim
import Glibc

/// A process as the state store records it: its pid and its start time (field 22 of /proc/PID/stat, in clock
/// ticks since boot), so that a pid the kernel gave to another process since is never taken for the container.
public struct ProcessIdentity: Sendable, Equatable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The process with this pid as it is now, nil when there is none.
    public static func current(pid: Int32, procRoot: String = "/proc") -> ProcessIdentity? {
        guard pid > 0, let stat = ProcStat.read(pid: pid, procRoot: procRoot) else { return nil }
        return ProcessIdentity(pid: pid, startTime: stat.startTime)
    }

    /// This very process still runs: the pid exists, started at the same tick, and is not a zombie.
    public func isAlive(procRoot: String = "/proc") -> Bool {
        guard pid > 0, let stat = ProcStat.read(pid: pid, procRoot: procRoot) else { return false }
        return stat.startTime == startTime && stat.state != "Z" && stat.state != "X"
    }

    /// A pidfd for this very process, or nil when it is gone (or its pid now names another process).
    /// Checking the start time after pidfd_open makes the descriptor trustworthy: it cannot be re-pointed later.
    public func openPidfd() throws(SystemError) -> Pidfd? {
        let fd = md_pidfd_open(pid)
        if fd < 0 {
            if errno == ESRCH { return nil }
            throw SystemError(call: "pidfd_open(\(pid))", errno: errno)
        }
        let pidfd = Pidfd(FileDescriptor(owning: fd))
        guard isAlive() else { return nil }
        return pidfd
    }
}

/// The fields of /proc/PID/stat the store needs.
struct ProcStat: Sendable, Equatable {
    /// R, S, D, Z, T, X...
    var state: Character
    var startTime: UInt64

    init(state: Character, startTime: UInt64) {
        self.state = state
        self.startTime = startTime
    }

    /// Parses the text of /proc/PID/stat. The command name (field 2) may hold spaces and parentheses,
    /// so the fields are counted from the last ")".
    static func parse(_ text: String) -> ProcStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); starttime is field 22.
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return ProcStat(state: state, startTime: start)
    }

    static func read(pid: Int32, procRoot: String = "/proc") -> ProcStat? {
        guard let bytes = Sys.readFile("\(procRoot)/\(pid)/stat") else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self))
    }
}
