import LinuxSystem

/// A networking step that failed: what was being done, the system call or plugin and why, and what to change.
public struct NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `CNI ADD bridge (network mydocker)`, `bind /proc/1234/ns/net to …`.
    public var what: String
    /// The system call and errno, when one failed.
    public var cause: SystemError?
    /// The plugin's own message, or what to change.
    public var hint: String?

    public init(what: String, cause: SystemError? = nil, hint: String? = nil) {
        self.what = what
        self.cause = cause
        self.hint = hint
    }

    public var description: String {
        var text = what
        if let cause { text += ": " + cause.description }
        if let hint { text += (cause == nil ? ": " : "; ") + hint }
        return text
    }
}
