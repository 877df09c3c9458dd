import Glibc
import LinuxSystem

extension StateStore {
    /// The state of `name` once the news of its end has settled. A detached container recorded as running whose
    /// process is gone, while its monitor still lives, is about to have its end recorded by that monitor (which
    /// then exits): this waits for the monitor to exit, at most `patience` milliseconds, and reads the state
    /// again, so that `ps` says how the container ended instead of "exited (unknown status)".
    public func loadSettled(_ name: String, patience: Int32 = 2000) throws(ContainerError) -> ContainerState {
        let state = try load(name)
        guard state.status == .running, let process = state.process, !process.isAlive(),
              let monitor = state.monitor, monitor.pid != getpid()
        else { return state }
        // A monitor that is gone already, or cannot be waited for, leaves the state as it is.
        guard let pidfd = try? monitor.openPidfd(),
              (try? pidfd.waitForExit(milliseconds: patience)) == true
        else { return state }
        return try load(name)
    }
}
