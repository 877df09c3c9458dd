import LinuxSystem

/// Why `linux.seccomp` could not be compiled or installed: which part of it, or which step (`linux.seccomp.syscalls[3]
/// (getpriority)`, `install the filter`), and the failure under it: the libseccomp call and its errno, the system
/// call and its errno, or (errno 0) only a hint saying what to change.
public struct SeccompError: Error, Sendable, Equatable, CustomStringConvertible {
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
