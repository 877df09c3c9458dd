import Glibc

/// Why a step of a plan failed: which step, which system call, and errno.
///
/// Printed as one line, `apply: step 7 (sethostname "box"): Operation not permitted`, never a stack trace.
public struct StepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plan step number (1-based), or nil for work outside any step.
    public var step: Int?
    /// What the step does, as `mydocker plan` prints it (`sethostname "box"`, `mount /data (bind /srv/data)`).
    public var what: String
    /// The system call that failed (`mount`, `ioctl(LOOP_CONFIGURE)`), or nil for a check that is not a call.
    public var syscall: String?
    /// errno of the failed call, 0 when there is none.
    public var errno: Int32
    /// Extra words a person can act on ("add the \"loop\" option", "echo 1000 > /proc/sys/user/max_user_namespaces").
    public var hint: String?

    public init(step: Int? = nil, what: String, syscall: String? = nil, errno: Int32 = 0, hint: String? = nil) {
        self.step = step
        self.what = what
        self.syscall = syscall
        self.errno = errno
        self.hint = hint
    }

    /// The errno in words (strerror).
    public var reason: String {
        guard errno != 0 else { return "" }
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }

    public var description: String {
        var line = step.map { "step \($0) (\(what))" } ?? what
        if let syscall { line += ": \(syscall)" }
        if errno != 0 { line += ": \(reason)" }
        if let hint { line += ": \(hint)" }
        return line
    }
}
