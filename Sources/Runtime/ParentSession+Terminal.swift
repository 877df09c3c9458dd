import CShim
import Glibc
import LinuxSystem
import Planner

extension ParentSession {
    /// A pseudo-terminal for the container (process.terminal): its slave becomes the child's stdio.
    func openTerminal(_ step: Step) throws(StepError) {
        var master: Int32 = -1
        var slave: Int32 = -1
        if md_open_pty(&master, &slave) != 0 {
            let err = errno
            throw StepError(step: step.number, what: describe(step), syscall: "posix_openpt", errno: err)
        }
        pty = (master, slave)
        copyWindowSize(to: master)
        // The container's user owns its terminal, as a login's does (programs reopen it through /dev/tty).
        if let owner = hostUID(of: plan.spec.process.user.uid) { _ = fchown(slave, owner, UInt32.max) }
    }

    /// The host uid that `uid` inside the container stands for: itself without a new user namespace, through
    /// the uid map with one; nil when the map does not cover it.
    func hostUID(of uid: UInt32) -> UInt32? {
        let createsUserNamespace = plan.steps.contains { if case .parent(.createNamespaces(let kinds)) = $0.action { kinds.contains(.user) } else { false } }
        guard createsUserNamespace else { return uid }
        for m in plan.spec.linux.uidMappings where uid >= m.containerID && UInt64(uid) < UInt64(m.containerID) + UInt64(m.size) {
            return m.hostID + (uid - m.containerID)
        }
        return nil
    }

    /// The caller's window size (of its stdin, else its stdout) onto `master`.
    func copyWindowSize(to master: Int32) {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        if md_get_winsize(options.stdin, &rows, &cols) == 0 || md_get_winsize(options.stdout, &rows, &cols) == 0 {
            _ = md_set_winsize(master, rows, cols)
        }
    }

    /// With a pseudo-terminal and a terminal on stdin: raw mode, so that keys reach the container as typed
    /// (its own terminal does the line editing and the signals). Restored by ``leaveRawMode()``.
    func enterRawMode() {
        guard pty != nil, isatty(options.stdin) == 1 else { return }
        var saved = termios()
        guard tcgetattr(options.stdin, &saved) == 0 else { return }
        var raw = saved
        cfmakeraw(&raw)
        if tcsetattr(options.stdin, TCSANOW, &raw) == 0 { savedTerminal = saved }
    }

    func leaveRawMode() {
        guard var saved = savedTerminal else { return }
        _ = tcsetattr(options.stdin, TCSANOW, &saved)
        savedTerminal = nil
    }

    enum Pumped { case copied, nothingYet, closed }

    /// Copies what `from` has to `to`: `.closed` at end of file or on an error (EIO: the terminal's other
    /// side is closed; EPIPE: nobody reads `to` any more).
    func pump(from: Int32, to: Int32) -> Pumped {
        var buffer = [UInt8](repeating: 0, count: 16384)
        let n = buffer.withUnsafeMutableBytes { b in retryingOnInterrupt { read(from, b.baseAddress, b.count) }.result }
        if n < 0 && errno == EAGAIN { return .nothingYet }
        if n <= 0 { return .closed }
        return Sys.writeAll(to, Array(buffer[0..<n])) == 0 ? .copied : .closed
    }
}
