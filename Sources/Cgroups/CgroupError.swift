import LinuxSystem

/// Why a cgroup could not be made, changed, read or removed: what was being done (`set memory.max of
/// /mydocker-box`), and the system error under it.
public struct CgroupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var cause: SystemError

    public init(what: String, cause: SystemError) {
        self.what = what
        self.cause = cause
    }

    public init(what: String, call: String? = nil, errno: Int32 = 0, hint: String? = nil) {
        self.init(what: what, cause: SystemError(call: call, errno: errno, hint: hint))
    }

    public var description: String { cause.described(as: what) }
}
