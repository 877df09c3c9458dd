import Glibc

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
        guard let pidfd = try? monitor.openPidfd() else { return state }
        defer { close(pidfd) }
        guard Self.waitReadable(pidfd, milliseconds: patience) else { return state }
        return try load(name)
    }

    /// poll(2) for `fd` to become readable (a pidfd: its process exited), retrying after signals with what is
    /// left of the time; false on timeout or error.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let end = Int64(deadline.tv_sec) * 1000 + Int64(deadline.tv_nsec) / 1_000_000 + Int64(milliseconds)
        while true {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let left = end - (Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(left))
            if ready > 0 { return true }
            if ready == 0 || errno != EINTR { return false }
        }
    }
}
