import CShim
import Glibc

extension MinimalInit {
    /// Init holds nothing of the container's but its stdio and the exit record: the descriptors passed to the
    /// process (a pipe whose reader waits for end of file, a socket) and the console socket are closed here once
    /// the process has its own copies, so that their lifetime is the process's.
    static func keepOnlyExitRecord() {
        let exitFD = UInt32(Executor.exitFD)
        _ = md_close_range(3, exitFD - 1)
        _ = md_close_range(exitFD + 1, ~0)
    }
}
