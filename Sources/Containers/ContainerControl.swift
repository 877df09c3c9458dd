import ContainerStore
import Glibc
import LinuxSystem

/// `kill` and `rm` of named containers: signals go through a pidfd opened after checking the recorded start
/// time, so a pid the kernel gave to another process is never signalled.
extension StateStore {
    /// Sends `signal` to the container's process.
    public func kill(_ name: String, signal: Int32) throws(ContainerError) {
        let state = try load(name)
        guard ObservedStatus(state).isRunning, let process = state.process else { throw .notRunning(name) }
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
    /// for it (and for its monitor, so that nothing of it is left) before removing.
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
                // Before the process runs, its monitor is what there is to stop (the process dies with it).
                let target = status == .running ? state.process : state.monitor
                if let target { try Self.killAndWait(target, name: name) }
            }
            if let monitor = state.monitor, monitor.pid != getpid() {
                try Self.wait(for: monitor, name: name)
            }
        }
        try removeDirectory(name)
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
}
