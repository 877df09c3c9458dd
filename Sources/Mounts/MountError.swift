import LinuxSystem

/// Why a mount, a loop attachment or a pivot failed: what was being done (`mount /data (bind /srv/data)`,
/// `attach /srv/data.img to a loop device`) and the system error under it.
public struct MountError: Error, Sendable, Equatable, CustomStringConvertible {
    public var what: String
    public var cause: SystemError

    public init(what: String, cause: SystemError) {
        self.what = what
        self.cause = cause
    }

    public init(what: String, syscall: String? = nil, errno: Int32 = 0, hint: String? = nil) {
        self.init(what: what, cause: SystemError(call: syscall, errno: errno, hint: hint))
    }

    public var syscall: String? { cause.call }
    public var errno: Int32 { cause.errno }
    public var hint: String? { cause.hint }

    public var description: String { cause.described(as: what) }
}
