import Foundation
import Glibc

/// One child process of a test and how it ended, as a shell reports it (128 + N for signal N): polled, waited for
/// with a deadline (killed when it does not end), and killed and reaped at the end of its owner
/// (``RunningProcess``, ``PtySession``), so that no test leaves a zombie or a running program behind.
final class ChildWatch: @unchecked Sendable {
    let pid: pid_t
    private(set) var status: Int32?

    init(pid: pid_t) {
        self.pid = pid
    }

    /// The status, nil while it runs.
    @discardableResult
    func poll() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid {
            status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        }
        return status
    }

    /// Waits up to `seconds` for the exit; kills the process and returns nil when it does not end.
    func wait(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = poll() { return status }
            usleep(5_000)
        }
        killAndReap()
        return nil
    }

    /// SIGKILL and reap, when it still runs.
    func finish() {
        if poll() == nil { killAndReap() }
    }

    private func killAndReap() {
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        waitpid(pid, &raw, 0)
    }
}
