import CShim
import Glibc

/// A pidfd: a descriptor that keeps naming one process even once its pid is reused. Obtained for a recorded
/// process through ``ProcessIdentity/openPidfd()``, which checks the start time first.
public struct Pidfd: ~Copyable {
    public let descriptor: FileDescriptor

    public init(_ descriptor: consuming FileDescriptor) {
        self.descriptor = descriptor
    }

    /// pidfd_open(2) of `pid` (a child of ours, which cannot be reused before we reap it).
    public static func open(child pid: Int32) throws(SystemError) -> Pidfd {
        let fd = md_pidfd_open(pid)
        guard fd >= 0 else { throw SystemError(call: "pidfd_open", errno: errno) }
        return Pidfd(FileDescriptor(owning: fd))
    }

    /// pidfd_send_signal(2). Throws with errno ESRCH when the process is gone.
    public func send(_ signal: Int32) throws(SystemError) {
        guard md_pidfd_send_signal(descriptor.rawValue, signal) == 0 else {
            throw SystemError(call: "pidfd_send_signal(\(SignalNames.name(of: signal)))", errno: errno)
        }
    }

    /// Waits for the process to exit, at most `milliseconds` (nil: no limit; 0: only asks). Whether it has.
    public func waitForExit(milliseconds: Int32? = nil) throws(SystemError) -> Bool {
        switch md_pidfd_wait_exit(descriptor.rawValue, milliseconds ?? -1) {
        case 1: return true
        case 0: return false
        default: throw SystemError(call: "poll(pidfd)", errno: errno)
        }
    }
}
