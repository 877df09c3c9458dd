import LinuxSystem
import Planner

/// Why one preflight check fails on this host: the check, and what the system said.
/// `preflight: rootfs /srv/rootfs exists: No such file or directory`.
public struct PreflightFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var check: PreflightCheck
    public var cause: SystemError

    public init(_ check: PreflightCheck, _ cause: SystemError) {
        self.check = check
        self.cause = cause
    }

    /// The check's label: the words `mydocker plan` prints for it (``PreflightCheck/description``), which
    /// `mydocker check` prints after `preflight: `.
    public var label: String { check.description }
    /// What failed, as a step's failure names it: `preflight: ` and the label.
    public var what: String { "preflight: " + label }

    public var errno: Int32 { cause.errno }
    public var hint: String? { cause.hint }

    public var description: String { cause.described(as: what) }
}
