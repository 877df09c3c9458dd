/// One line of `mydocker check`: a verdict, what it is about, and the details.
public struct CheckLine: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable {
        case ok
        /// Works, but some specs will not (a missing file system type, no loop devices).
        case warn
        /// This host cannot do it.
        case fail
        /// Neither good nor bad (the cgroup mode).
        case info
    }

    public var verdict: Verdict
    /// `namespace user`, `loop devices`, `rootfs`.
    public var subject: String
    public var detail: String

    public init(_ verdict: Verdict, _ subject: String, _ detail: String) {
        self.verdict = verdict
        self.subject = subject
        self.detail = detail
    }
}
