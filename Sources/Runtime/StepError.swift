import HostCheck
import LinuxSystem
import Mounts
import Planner

/// Why a step of a plan failed: which step, what it does, and the system error under it.
///
/// Printed as one line, `mydocker apply: specs/box.yaml:2: step 7 (sethostname "box"): Operation not permitted`
/// (``described(in:)``), never a stack trace.
public struct StepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plan step number (1-based), or nil for work outside any step.
    public var step: Int?
    /// What the step does, as `mydocker plan` prints it (`sethostname "box"`, `mount /data (bind /srv/data)`).
    public var what: String
    public var cause: SystemError
    /// The preflight check that failed, for a failure of the preflight step (it names the spec element concerned).
    public var preflightCheck: PreflightCheck?

    public init(step: Int? = nil, what: String, cause: SystemError) {
        self.step = step
        self.what = what
        self.cause = cause
    }

    public init(step: Int? = nil, what: String, syscall: String? = nil, errno: Int32 = 0, hint: String? = nil) {
        self.init(step: step, what: what, cause: SystemError(call: syscall, errno: errno, hint: hint))
    }

    /// A mount's failure as the failure of the step that made it.
    public init(step: Int? = nil, _ error: MountError) {
        self.init(step: step, what: error.what, cause: error.cause)
    }

    /// A preflight check's failure as the failure of the preflight step.
    public init(step: Int? = nil, _ failure: PreflightFailure) {
        self.init(step: step, what: failure.what, cause: failure.cause)
        preflightCheck = failure.check
    }

    /// The system call that failed (`mount`, `ioctl(LOOP_CONFIGURE)`), or nil for a check that is not a call.
    public var syscall: String? {
        get { cause.call }
        set { cause.call = newValue }
    }

    /// errno of the failed call, 0 when there is none.
    public var errno: Int32 {
        get { cause.errno }
        set { cause.errno = newValue }
    }

    /// Extra words a person can act on ("add the \"loop\" option", "echo 1000 > /proc/sys/user/max_user_namespaces").
    public var hint: String? {
        get { cause.hint }
        set { cause.hint = newValue }
    }

    /// The errno in words (strerror).
    public var reason: String { cause.reason }

    public var description: String {
        cause.described(as: step.map { "step \($0) (\(what))" } ?? what)
    }
}

/// The status mydocker exits with when it failed itself, before or instead of the container's process (lint
/// errors, a failed step): 125, as docker and podman use for "the runtime failed"; and when the container's command
/// cannot be executed (126) or is not found (127), as a shell, docker and `mydocker exec` say it.
public enum ExitStatus {
    public static let runtimeFailure: Int32 = 125
    public static let cannotExecute: Int32 = 126
    public static let commandNotFound: Int32 = 127
}
