/// The OS layer's one error: which system call failed, its errno, and words a person can act on.
///
/// A check that is not a system call (a file that is not a directory, a namespace of the wrong kind) has no
/// `call`, and errno 0 when only the hint says what is wrong. Domain errors (``MountError``, the store's, exec's,
/// the runtime's step errors) wrap one of these with what was being done.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open /dev/loop-control`, `ioctl(LOOP_CONFIGURE)`, `setns`; nil when no call failed.
    public var call: String?
    /// errno of the failed call, 0 when there is none.
    public var errno: Int32
    /// What to do about it (`load the loop module: modprobe loop`).
    public var hint: String?

    public init(call: String? = nil, errno: Int32 = 0, hint: String? = nil) {
        self.call = call
        self.errno = errno
        self.hint = hint
    }

    /// The errno in words (strerror), empty for 0.
    public var reason: String { errno == 0 ? "" : Errno(rawValue: errno).description }

    /// `open /dev/loop-control: No such file or directory: load the loop module: modprobe loop`, with the parts
    /// that are there.
    public var description: String {
        var parts: [String] = []
        if let call { parts.append(call) }
        if errno != 0 { parts.append(reason) }
        if let hint { parts.append(hint) }
        return parts.joined(separator: ": ")
    }

    /// `what: description`, the line a domain error prints.
    public func described(as what: String) -> String {
        let detail = description
        return detail.isEmpty ? what : what + ": " + detail
    }
}
