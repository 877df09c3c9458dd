import Cgroups
import ContainerStore
import Glibc
import LinuxSystem
import Mounts
import Spec

/// `kill`, `rm`, `pause` and `resume` of named containers. Signals reach every process of the container's cgroup,
/// so that nothing of it outlives it, with or without a pid namespace; a container recorded without a cgroup (by an
/// older mydocker) is signalled through a pidfd opened after checking the recorded start time, so a pid the kernel
/// gave to another process is never signalled.
extension StateStore {
    /// Sends `signal` to every process of the container (a paused container keeps it until it is resumed, except
    /// SIGKILL). For a container with a restart policy, the user's signal is recorded first
    /// (``recordUserStop(of:signal:)``): its stop signal (SIGTERM unless its spec names another) and SIGKILL end it
    /// for good, any other signal only keeps `unless-stopped` from restarting it. A container between two runs has
    /// nothing to signal: those two then end its restarts (its monitor is woken to stop waiting), another signal
    /// is refused.
    public func kill(_ name: String, signal: Int32) throws(ContainerError) {
        var state = try load(name)
        var status = ObservedStatus(state)
        let restarting = if case .restarting = status { true } else { false }
        if restarting && !Self.endsTheContainer(signal, state) { throw .restarting(name) }
        if (restarting || status.hasProcess) && state.restart.policy != .no {
            state = try recordUserStop(of: name, signal: signal)
            status = ObservedStatus(state)
        }
        if case .restarting = status {
            if let monitor = state.monitor, let pidfd = try Self.openPidfd(monitor, name: name) {
                try? pidfd.send(SIGTERM)
            }
            return
        }
        guard status == .running || status == .paused else { throw .notRunning(name) }
        try Self.deliver(signal, to: state, named: name, paused: status == .paused, wholeCgroup: true)
    }

    /// `signal` to every process of the container's cgroup when `wholeCgroup` and it has one (a paused one stays
    /// frozen, but for SIGKILL), else to its process through a pidfd opened after checking the recorded start time.
    static func deliver(_ signal: Int32, to state: ContainerState, named name: String, paused: Bool,
                        wholeCgroup: Bool) throws(ContainerError) {
        guard let process = state.process else { throw .notRunning(name) }
        if wholeCgroup, let cgroup = try Self.cgroup(of: state) {
            do {
                try cgroup.signalAll(signal, thawAfterwards: !paused || signal == SIGKILL)
            } catch {
                throw .system(what: "send \(SignalNames.name(of: signal)) to \(name)", error.cause)
            }
            return
        }
        let opened: Pidfd?
        do {
            opened = try process.openPidfd()
        } catch {
            throw .system(what: "open the process of \(name)", error)
        }
        guard let pidfd = opened else { throw .notRunning(name) }
        do {
            try pidfd.send(signal)
        } catch {
            if error.errno == ESRCH { throw .notRunning(name) }
            throw .system(what: "send \(SignalNames.name(of: signal)) to \(name)", error)
        }
    }

    /// Removes a container's state. A live one is refused unless `force`, which kills it with SIGKILL and waits
    /// for it (and for its monitor, so that nothing of it is left) before removing; a restart policy is ended
    /// first, so that its monitor does not start it again.
    public func remove(_ name: String, force: Bool) throws(ContainerError) {
        let state: ContainerState?
        do {
            state = try load(name)
        } catch {
            // A directory whose state cannot be read has nothing live we know of: it can go.
            guard case .corruptState = error else { throw error }
            state = nil
        }
        if let state {
            let status = ObservedStatus(state)
            if status.isLive {
                guard force else { throw .stillRunning(name) }
                if state.restart.policy != .no { _ = try? recordUserStop(of: name, signal: SIGKILL) }
                // Between two runs, its monitor is woken from the back-off and ends (waited for below).
                if case .restarting = status, let monitor = state.monitor, let pidfd = try Self.openPidfd(monitor, name: name) {
                    try? pidfd.send(SIGTERM)
                }
                // Every process of its cgroup; before the process runs, its monitor is what there is to stop (the
                // process dies with it).
                if status != .created, let cgroup = try Self.cgroup(of: state) {
                    try? cgroup.signalAll(SIGKILL, thawAfterwards: true)
                }
                let target = status == .created ? state.monitor : state.process
                if status.hasProcess || status == .created, let target { try Self.killAndWait(target, name: name) }
            }
            if let monitor = state.monitor, monitor.pid != getpid() {
                try Self.wait(for: monitor, name: name)
            }
            try Self.removeLeftoverCgroup(of: state, what: "remove \(name)")
        }
        try removeDirectory(name)
    }

    /// The monitor removes the cgroup when the container ends; one that was killed itself could not: what is left
    /// of it is killed and removed here (`rm`, `restart`).
    static func removeLeftoverCgroup(of state: ContainerState, what: String) throws(ContainerError) {
        guard let cgroup = try Self.cgroup(of: state), !cgroup.directories.allSatisfy({ access($0, F_OK) != 0 }) else { return }
        try? cgroup.signalAll(SIGKILL, thawAfterwards: true)
        _ = cgroup.waitUntilEmpty()
        do {
            try cgroup.remove()
        } catch {
            throw .system(what: what, error.cause)
        }
    }

    /// Unmounts what an OCI container without a mount namespace of its own mounted on the host below its root
    /// (``ContainerState/hostMountRoot``), once its processes are gone.
    static func unmountHostMounts(of state: ContainerState, what: String) throws(ContainerError) {
        guard let root = state.hostMountRoot else { return }
        do throws(MountError) {
            try HostMounts(root: root, baseline: state.hostMountBaseline).unmountAdded()
        } catch {
            throw .system(what: what, error.cause)
        }
    }

    /// Freezes every process of a running container.
    public func pause(_ name: String) throws(ContainerError) {
        try setPaused(name, true)
    }

    /// Lets a paused container's processes run again.
    public func resume(_ name: String) throws(ContainerError) {
        try setPaused(name, false)
    }

    private func setPaused(_ name: String, _ paused: Bool) throws(ContainerError) {
        let state = try load(name)
        let status = ObservedStatus(state)
        switch (paused, status) {
        case (true, .running), (false, .paused): break
        case (true, .paused): throw .alreadyPaused(name)
        case (false, .running): throw .notPaused(name)
        default: throw .notRunning(name)
        }
        guard let cgroup = try Self.cgroup(of: state) else {
            throw .system(what: "\(paused ? "pause" : "resume") \(name)", SystemError(hint: "the container has no cgroup recorded (started by an older mydocker)"))
        }
        do {
            if paused { try cgroup.freeze() } else { try cgroup.thaw() }
        } catch {
            throw .system(what: "\(paused ? "pause" : "resume") \(name)", error.cause)
        }
        // Only from the status it had: a process that ended meanwhile (at once, when thawed with a signal pending:
        // `stop` of a paused container) has had its end recorded by its monitor, which this must not undo.
        let record = try open(name)
        try record.update { state in
            if state.status == (paused ? .running : .paused) { state.status = paused ? .paused : .running }
        }
    }

    /// The container's cgroup as its state recorded it (the path and the directories), nil when it has none
    /// (started by an older mydocker). `host` saves reading the hierarchies again when the caller has them.
    public static func cgroup(of state: ContainerState, host: CgroupHost? = nil) throws(ContainerError) -> ContainerCgroup? {
        guard let path = state.cgroup, !state.cgroupDirectories.isEmpty else { return nil }
        do throws(CgroupError) {
            let found = if let host { host } else { try CgroupHost.current() }
            return ContainerCgroup(existing: path, host: found, directories: state.cgroupDirectories)
        } catch {
            throw .system(what: "find the cgroup of \(state.name)", error.cause)
        }
    }

    static func killAndWait(_ process: ProcessIdentity, name: String) throws(ContainerError) {
        guard let pidfd = try openPidfd(process, name: name) else { return }
        do {
            try pidfd.send(SIGKILL)
        } catch {
            if error.errno != ESRCH { throw .system(what: "kill \(name)", error) }
        }
        do {
            _ = try pidfd.waitForExit()
        } catch {
            throw .system(what: "wait for \(name) to exit", error)
        }
    }

    static func wait(for process: ProcessIdentity, name: String) throws(ContainerError) {
        guard let pidfd = try openPidfd(process, name: name) else { return }
        do {
            _ = try pidfd.waitForExit()
        } catch {
            throw .system(what: "wait for the monitor of \(name) to exit", error)
        }
    }

    static func openPidfd(_ process: ProcessIdentity, name: String) throws(ContainerError) -> Pidfd? {
        do {
            return try process.openPidfd()
        } catch {
            throw .system(what: "open the process of \(name)", error)
        }
    }

    /// Changes the limits of a running (or paused, or created by `create`) container: `resources` applied to its cgroup as apply applies
    /// a spec's (``ContainerCgroup/apply(_:)``); what it does not name stays as it is.
    public func update(_ name: String, resources: ContainerSpec.Resources) throws(ContainerError) {
        let state = try load(name)
        let status = ObservedStatus(state)
        // A container made by create has its cgroup while it waits for start (runc updates it then too).
        guard status == .running || status == .paused || (status == .created && state.isOCI) else { throw .notRunning(name) }
        guard let cgroup = try Self.cgroup(of: state) else {
            throw .system(what: "update \(name)", SystemError(hint: "the container has no cgroup recorded (started by an older mydocker)"))
        }
        do {
            try cgroup.apply(resources)
        } catch {
            throw .system(what: "update \(name): \(error.what)", error.cause)
        }
    }
}
