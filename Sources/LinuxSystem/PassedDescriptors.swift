import Glibc

/// The caller's descriptors that cross into a container beside its stdio, as runc passes them: they become 3, 4,
/// … in the container's process, in order. Nothing else crosses (``SpawnRequest/descriptors``).
///
/// Two sources, in this order (runc's): socket activation, when `LISTEN_FDS` is set for this very process
/// (`LISTEN_PID` is our pid), its descriptors 3 … 3+LISTEN_FDS-1, and the container's environment then says
/// `LISTEN_FDS` and `LISTEN_PID` for the container's process; then `--preserve-fds N`, the N descriptors after
/// them.
public struct PassedDescriptors: Sendable, Equatable {
    /// The caller's descriptor numbers, in the order they become 3, 4, ….
    public var descriptors: [Int32]
    /// How many of the first ``descriptors`` are socket activation's.
    public var listenCount: Int

    /// The most that may be passed (each takes a slot of the spawner's table, MD_SPAWN_MAX_FDS).
    public static let limit = 200

    public init(descriptors: [Int32] = [], listenCount: Int = 0) {
        self.descriptors = descriptors
        self.listenCount = listenCount
    }

    public var isEmpty: Bool { descriptors.isEmpty }

    /// What the caller passes: the socket-activation descriptors when `listen` and `environment` says so (runc does
    /// this for `run` and `create`, not for `exec`), then `preserve` more (`--preserve-fds`). Each must be open.
    /// `environment` nil reads ours.
    public static func fromCaller(preserve: Int, listen: Bool, environment: [String]? = nil,
                                  pid: Int32 = getpid()) throws(SystemError) -> PassedDescriptors {
        let listenCount = listen ? socketActivationCount(environment: environment, pid: pid) : 0
        guard preserve >= 0 else { throw SystemError(hint: "--preserve-fds takes a count of descriptors, 0 or more") }
        let total = listenCount + preserve
        guard total <= limit else {
            throw SystemError(errno: E2BIG, hint: "\(total) descriptors to pass (LISTEN_FDS=\(listenCount), --preserve-fds \(preserve)): at most \(limit)")
        }
        let descriptors = (0..<Int32(total)).map { 3 + $0 }
        for fd in descriptors where fcntl(fd, F_GETFD) < 0 {
            let err = errno
            let source = Int(fd) - 3 < listenCount
                ? "LISTEN_FDS=\(listenCount) passes descriptors 3 to \(2 + listenCount)"
                : "--preserve-fds \(preserve) passes descriptors \(3 + listenCount) to \(2 + total)"
            throw SystemError(call: "fcntl(F_GETFD) of descriptor \(fd)", errno: err, hint: "\(source): each must be open")
        }
        return PassedDescriptors(descriptors: descriptors, listenCount: listenCount)
    }

    /// LISTEN_FDS when it is meant for process `pid` (LISTEN_PID), as sd_listen_fds(3) reads it; 0 otherwise.
    static func socketActivationCount(environment: [String]?, pid: Int32) -> Int {
        guard let listenPID = value(of: "LISTEN_PID", in: environment).flatMap({ Int32($0) }), listenPID == pid,
              let count = value(of: "LISTEN_FDS", in: environment).flatMap({ Int($0) }), count > 0 else { return 0 }
        return count
    }

    /// The value of `name` in `environment`, or in ours (getenv) when it is nil.
    static func value(of name: String, in environment: [String]?) -> String? {
        guard let environment else { return getenv(name).map { String(cString: $0) } }
        let prefix = name + "="
        return environment.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// `environment` for the container's process `pid` (as it sees itself): LISTEN_FDS and LISTEN_PID set (replaced
    /// where the spec has them) when socket-activation descriptors are passed; unchanged otherwise.
    public static func environment(_ environment: [String], listenCount: Int, pid: Int32) -> [String] {
        guard listenCount > 0 else { return environment }
        var result = environment.filter { !$0.hasPrefix("LISTEN_FDS=") && !$0.hasPrefix("LISTEN_PID=") }
        result.append("LISTEN_FDS=\(listenCount)")
        result.append("LISTEN_PID=\(pid)")
        return result
    }
}
