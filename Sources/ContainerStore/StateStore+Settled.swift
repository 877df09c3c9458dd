import Glibc
import LinuxSystem

extension StateStore {
    /// The state of `name` once the news of its end has settled. A detached container recorded as running whose
    /// process is gone, while its monitor still lives, is about to have its end recorded by that monitor (which
    /// then exits, or restarts it): this waits, at most `patience` milliseconds, until the record changes or the
    /// monitor exits, so that `ps` says how the container ended instead of "exited (unknown status)".
    public func loadSettled(_ name: String, patience: Int32 = 2000) throws(ContainerError) -> ContainerState {
        var state = try load(name)
        guard Self.awaitsItsMonitor(state), let monitor = state.monitor, monitor.pid != getpid(),
              // A monitor that is gone already, or cannot be waited for, leaves the state as it is.
              let pidfd = try? monitor.openPidfd()
        else { return state }
        let deadline = Clock.monotonicMilliseconds() + Int64(patience)
        while Self.awaitsItsMonitor(state) {
            let left = deadline - Clock.monotonicMilliseconds()
            guard left > 0 else { break }
            // In slices: a monitor that restarts the container records that and lives on.
            let exited = (try? pidfd.waitForExit(milliseconds: Int32(min(left, 20)))) ?? true
            state = try load(name)
            if exited { break }
        }
        return state
    }

    /// Recorded as running, its process gone: its monitor has yet to record the end.
    static func awaitsItsMonitor(_ state: ContainerState) -> Bool {
        state.status == .running && !(state.process?.isAlive() ?? false)
    }
}
