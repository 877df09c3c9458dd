import LinuxSystem

/// What a detached container's monitor does when the container's process ends (`apply --restart`), with docker's
/// names: `no`, `on-failure[:N]` (when it exits with a status other than 0, at most N times when N is given),
/// `always`, `unless-stopped` (always, unless the user signalled it with `kill`).
public struct RestartPolicy: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case no
        case onFailure = "on-failure"
        case always
        case unlessStopped = "unless-stopped"
    }

    public var mode: Mode
    /// `on-failure:N`'s N; 0 for no limit.
    public var maximumRetries: Int

    public init(_ mode: Mode, maximumRetries: Int = 0) {
        self.mode = mode
        self.maximumRetries = maximumRetries
    }

    public static let no = RestartPolicy(.no)

    /// Why a `--restart` value cannot be read.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `no`, `on-failure`, `on-failure:N`, `always` or `unless-stopped`.
    public init(parsing text: String) throws(Invalid) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let mode = Mode(rawValue: String(parts[0])) else {
            throw Invalid(description: "invalid restart policy \"\(text)\": use no, on-failure[:N], always or unless-stopped")
        }
        var retries = 0
        if parts.count == 2 {
            guard mode == .onFailure else {
                throw Invalid(description: "invalid restart policy \"\(text)\": only on-failure takes a maximum retry count")
            }
            guard let count = Int(parts[1]), count >= 0 else {
                throw Invalid(description: "invalid restart policy \"\(text)\": the maximum retry count is a number, 0 or more")
            }
            retries = count
        }
        self.init(mode, maximumRetries: retries)
    }

    /// As `--restart` takes it: `on-failure:3`, `always`.
    public var text: String {
        mode == .onFailure && maximumRetries > 0 ? "\(mode.rawValue):\(maximumRetries)" : mode.rawValue
    }
}

/// A detached container's restart policy and where it stands, in its state.
public struct RestartState: Sendable, Equatable {
    public var policy: RestartPolicy
    /// How many times the monitor has restarted it (docker's RestartCount).
    public var count: Int
    /// The user ended it (`kill` with the stop signal, SIGTERM, or with SIGKILL; `rm --force`): it is not
    /// restarted again, whatever the policy (docker's ExitOnNext).
    public var cancelled: Bool
    /// The user signalled it with `kill`: `unless-stopped` no longer restarts it (docker's HasBeenManuallyStopped).
    public var stoppedByUser: Bool

    public init(policy: RestartPolicy = .no, count: Int = 0, cancelled: Bool = false, stoppedByUser: Bool = false) {
        self.policy = policy
        self.count = count
        self.cancelled = cancelled
        self.stoppedByUser = stoppedByUser
    }

    /// Whether the monitor restarts it after a run that ended as `exit` (docker's restart manager's rules).
    public func shouldRestart(after exit: ProcessExit) -> Bool {
        guard !cancelled else { return false }
        switch policy.mode {
        case .no: return false
        case .always: return true
        case .unlessStopped: return !stoppedByUser
        case .onFailure: return exit != .exited(0) && (policy.maximumRetries == 0 || count < policy.maximumRetries)
        }
    }
}
