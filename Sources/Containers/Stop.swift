import Cgroups
import ContainerStore
import Glibc
import LinuxSystem

/// `stop` as docker defines it: the container's stop signal to its process, then SIGKILL to every process of its
/// cgroup once a grace period has passed, and back once its end is recorded.
extension StateStore {
    /// docker's grace period: `stop` and `restart` without `-t`.
    public static let defaultStopTimeout = 10

    /// Stops a container: `signal` (else its stop signal, ``StopSignal``) to its process, which a paused container is
    /// then resumed to act on; when the process has not ended within `timeout` seconds (nil: no limit; 0: at
    /// once), SIGKILL to every process of its cgroup. Returns once its monitor has recorded the end. A container
    /// that has already ended is left as it is: stopping it succeeds, as docker's does. As docker's stop, it ends
    /// a restart policy's restarts (``recordStop(of:)``, before the signal), also between two runs.
    public func stop(_ name: String, timeout: Int?, signal: Int32? = nil) throws(ContainerError) {
        let state = try loadStarted(name)
        let status = ObservedStatus(state)
        if case .restarting = status {
            // Between two runs: its monitor, woken from the back-off, records the end and exits.
            try recordStop(of: name)
            if let monitor = state.monitor, monitor.pid != getpid(), let pidfd = try Self.openPidfd(monitor, name: name) {
                try? pidfd.send(SIGTERM)
                _ = try Self.waitForExit(pidfd, name: name, milliseconds: nil)
            }
            return
        }
        guard status.hasProcess, let process = state.process else { return }
        try recordStop(of: name)
        guard let pidfd = try Self.openPidfd(process, name: name) else {
            _ = try waitForRecord(name, of: process)
            return
        }
        let first = signal ?? StopSignal.of(state)
        do {
            try pidfd.send(first)
        } catch {
            if error.errno != ESRCH { throw .system(what: "send \(SignalNames.name(of: first)) to \(name)", error) }
        }
        // Frozen, it could not act on the signal; SIGKILL below thaws it anyway.
        if status == .paused { try? resume(name) }
        if try !Self.waitForExit(pidfd, name: name, milliseconds: timeout.map(Self.milliseconds)) {
            try killEveryProcess(state, pidfd: pidfd)
            _ = try Self.waitForExit(pidfd, name: name, milliseconds: nil)
        }
        _ = try waitForRecord(name, of: process)
    }

    /// Records that the user stopped the container, for its restart policy: no more restarts, whatever the policy
    /// (docker's stop). Nothing is written for a container without a policy.
    func recordStop(of name: String) throws(ContainerError) {
        let record = try open(name)
        guard try record.read().restart.policy != .no else { return }
        try record.update { state in
            state.restart.stoppedByUser = true
            state.restart.cancelled = true
        }
    }

    /// SIGKILL to every process of the container's cgroup (to its process alone when none is recorded).
    private func killEveryProcess(_ state: ContainerState, pidfd: borrowing Pidfd) throws(ContainerError) {
        let what = "send SIGKILL to \(state.name)"
        if let cgroup = try Self.cgroup(of: state) {
            do {
                try cgroup.signalAll(SIGKILL, thawAfterwards: true)
            } catch {
                throw .system(what: what, error.cause)
            }
            return
        }
        do {
            try pidfd.send(SIGKILL)
        } catch {
            if error.errno != ESRCH { throw .system(what: what, error) }
        }
    }

    /// `seconds` for poll(2), whose limit is about 24 days.
    static func milliseconds(_ seconds: Int) -> Int32 {
        Int32(clamping: max(0, min(seconds, Int(Int32.max) / 1000)) * 1000)
    }

    static func waitForExit(_ pidfd: borrowing Pidfd, name: String, milliseconds: Int32?) throws(ContainerError) -> Bool {
        do {
            return try pidfd.waitForExit(milliseconds: milliseconds)
        } catch {
            throw .system(what: "wait for \(name) to exit", error)
        }
    }

    // MARK: waiting for the record

    /// How often a wait on the state reads it again while the process that records it lives.
    static let recordPoll: Int32 = 20

    /// The state of `name` once it is past `created`: its monitor has started the process, or failed to (or is
    /// gone).
    func loadStarted(_ name: String) throws(ContainerError) -> ContainerState {
        while true {
            let state = try load(name)
            guard ObservedStatus(state) == .created, let monitor = state.monitor, monitor.pid != getpid(),
                  let pidfd = try? monitor.openPidfd() else { return state }
            _ = try? pidfd.waitForExit(milliseconds: Self.recordPoll)
        }
    }

    /// The state of `name` once it no longer says `process` runs: its monitor has recorded how it ended (or a new
    /// run took its place), or the monitor is gone too and nobody will.
    func waitForRecord(_ name: String, of process: ProcessIdentity) throws(ContainerError) -> ContainerState {
        while true {
            let state = try load(name)
            guard state.process == process, state.status == .running || state.status == .paused,
                  let monitor = state.monitor, monitor.pid != getpid(), let pidfd = try? monitor.openPidfd()
            else { return state }
            _ = try? pidfd.waitForExit(milliseconds: Self.recordPoll)
        }
    }
}
