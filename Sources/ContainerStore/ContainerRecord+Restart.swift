import Glibc
import LinuxSystem

/// What the monitor of a detached container records around its restarts, each under the container's lock, where
/// `kill` and `rm --force` record that the user ended it (``StateStore/recordUserStop(of:signal:)``): whichever
/// comes second sees what the first wrote.
extension ContainerRecord {
    /// A run ended as `exit`: recorded, and by the restart policy either the container is over (false), or it
    /// is restarting (true; one more restart counted).
    public func markRunEnded(_ exit: ProcessExit) throws(ContainerError) -> Bool {
        try update { state in
            state.finished = Clock.now()
            switch exit {
            case let .exited(code): (state.exitCode, state.signal) = (code, nil)
            case let .signaled(signal): (state.exitCode, state.signal) = (nil, signal)
            }
            guard state.restart.shouldRestart(after: exit) else {
                state.status = .exited
                return false
            }
            state.status = .restarting
            state.restart.count += 1
            return true
        }
    }

    /// The back-off is over: whether to start the next run (false when the user ended the container meanwhile, and
    /// then it is over, as its last run ended).
    public func beginRestart() throws(ContainerError) -> Bool {
        try update { state in
            guard state.status == .restarting, !state.restart.cancelled else {
                state.status = .exited
                return false
            }
            return true
        }
    }

    /// No more restarts (the monitor was told to stop during the back-off): the container is over, as its last run
    /// ended.
    public func endRestarts() throws(ContainerError) {
        try update { state in
            state.restart.cancelled = true
            state.status = .exited
        }
    }
}

extension StateStore {
    /// Records that the user sent `signal` to the container with `kill` (or ended it with `rm --force`, as
    /// SIGKILL), for its restart policy, as docker's kill does: any signal counts as stopping it for
    /// `unless-stopped`, and its stop signal or SIGKILL ends it for good, whatever the policy. Nothing is
    /// written for a container without a policy. Returns the state as it is now.
    @discardableResult
    public func recordUserStop(of name: String, signal: Int32) throws(ContainerError) -> ContainerState {
        let record = try open(name)
        let state = try record.read()
        guard state.restart.policy != .no else { return state }
        return try record.update { state in
            state.restart.stoppedByUser = true
            if Self.endsTheContainer(signal, state) { state.restart.cancelled = true }
            return state
        }
    }

    /// The signals with which `kill` ends a container for good: its stop signal (SIGTERM unless its spec names
    /// another: ``StopSignal``) and SIGKILL.
    public static func endsTheContainer(_ signal: Int32, _ state: ContainerState) -> Bool {
        signal == StopSignal.of(state) || signal == SIGKILL
    }
}
