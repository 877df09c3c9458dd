import ContainerStore
import Glibc
import LinuxSystem

/// `restart` as docker defines it: stop the container, then start it again under its name.
extension Detached {
    /// Stops the container (``StateStore/stop(_:timeout:signal:)``, `timeout` and `signal` as there), then starts it
    /// again detached under a new monitor: from the spec it was applied from (the recorded copy), with its name,
    /// its command (``ContainerState/args``) and its stop signal. Returns the new process's pid once it runs. A
    /// container that ran in the foreground runs detached now, with a log. A failed start is recorded in its state
    /// (the container stays, exited, as docker's does) and thrown. Descriptors passed at the first start
    /// (`--preserve-fds`, socket activation) are not passed again: they were the caller's.
    public static func restart(_ name: String, store: StateStore, timeout: Int?, signal: Int32? = nil,
                               executable: String = "/proc/self/exe") throws(ContainerError) -> Int32 {
        try store.stop(name, timeout: timeout, signal: signal)
        let ended = try store.load(name)
        // The last run's monitor removes the cgroup, records the end, and exits: the new run must not meet it.
        if let monitor = ended.monitor, monitor.pid != getpid() { try StateStore.wait(for: monitor, name: name) }
        try StateStore.removeLeftoverCgroup(of: ended, what: "restart \(name)")
        let record = try store.reclaim(name)
        do {
            return try startMonitor(record, store: store, executable: executable)
        } catch {
            let reason = if case let .startFailed(_, reason, _) = error { reason } else { error.description }
            try? record.markExited(error: reason)
            throw error
        }
    }
}
