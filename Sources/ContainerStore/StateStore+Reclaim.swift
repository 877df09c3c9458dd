import Glibc
import LinuxSystem

extension StateStore {
    /// Makes an ended container ready to run again under its name (`restart`), under the container's lock: its
    /// state back to created, how its last run went forgotten (process, monitor, exit, cgroup, error), what it was
    /// applied with kept (the spec as applied, its command, its stop signal, its restart policy, counted afresh),
    /// and a log for what it writes (made
    /// when it last ran in the foreground; kept and appended to otherwise, as docker keeps a container's log
    /// across restarts). A live container is refused.
    public func reclaim(_ name: String) throws(ContainerError) -> ContainerRecord {
        let record = try open(name)
        try record.update { (state: inout ContainerState) throws(ContainerError) in
            if ObservedStatus(state).isLive { throw .nameInUse(name, running: true) }
            try record.createLog()
            state.status = .created
            state.process = nil
            state.monitor = nil
            state.exitCode = nil
            state.signal = nil
            state.oomKilled = false
            state.memoryLimit = nil
            state.error = nil
            state.started = nil
            state.finished = nil
            state.cgroup = nil
            state.cgroupDirectories = []
            state.confinement.seccompFlags = nil
            // Started by hand again: its restart policy counts afresh and applies again (docker's restart resets them).
            state.restart.count = 0
            state.restart.cancelled = false
            state.restart.stoppedByUser = false
            state.logPath = record.logPath
        }
        return record
    }
}

extension ContainerRecord {
    /// The log file, made empty when there is none.
    func createLog() throws(ContainerError) {
        do {
            _ = try directoryFD.open("log", O_WRONLY | O_CREAT | O_APPEND, mode: 0o640)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "create the log of \(name)", error)
        }
    }
}
