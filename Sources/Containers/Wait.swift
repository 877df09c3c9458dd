import ContainerStore
import Glibc
import LinuxSystem

/// `wait` as docker defines it: block until a container has ended, then say how.
extension StateStore {
    /// Blocks until the container's process has ended and its end is recorded; its exit status as docker's `wait`
    /// prints it (``ObservedStatus/exitStatus``: the exit code, 128+N for signal N). A container that has already
    /// ended answers at once, and so does one between two runs of its restart policy (how the last one ended), as
    /// docker's wait for a container that is not running.
    public func waitForEnd(_ name: String) throws(ContainerError) -> Int32 {
        let state = try loadStarted(name)
        let status = ObservedStatus(state)
        if case let .restarting(exit) = status { return exit?.shellStatus ?? Self.unknownExit }
        guard status.hasProcess, let process = state.process else {
            return ObservedStatus(try loadSettled(name)).exitStatus ?? Self.unknownExit
        }
        if let pidfd = try Self.openPidfd(process, name: name) {
            _ = try Self.waitForExit(pidfd, name: name, milliseconds: nil)
        }
        let ended = try waitForRecord(name, of: process)
        if let code = ObservedStatus(ended).exitStatus { return code }
        // A new run took its place before this read the state (a restart policy): how the one waited for ended,
        // when the state still says.
        if ended.process != process, let exit = ended.exit { return exit.shellStatus }
        return Self.unknownExit
    }

    /// docker's exit code for a container whose end was not recorded (``ObservedStatus/lost``).
    static var unknownExit: Int32 { ObservedStatus.lost.exitStatus ?? 255 }
}
