import CShim
import Glibc
import LinuxSystem
import Planner

extension ParentSession {
    /// A pseudo-terminal for the container (process.terminal): its slave becomes the child's stdio, its master is
    /// relayed by the supervisor.
    func openTerminal(_ step: Step) throws(StepError) {
        var master: Int32 = -1
        var slave: Int32 = -1
        if md_open_pty(&master, &slave) != 0 {
            let err = errno
            throw StepError(step: step.number, what: describe(step), syscall: "posix_openpt", errno: err)
        }
        ptyMaster = FileDescriptor(owning: master)
        ptySlave = FileDescriptor(owning: slave)
        // `process.consoleSize` is the terminal's first size; ours follows only when ours changes.
        if let size = consoleSize, md_set_winsize(master, size.rows, size.columns) != 0 {
            throw StepError(step: step.number, what: describe(step), syscall: "ioctl(TIOCSWINSZ) \(size.rows)x\(size.columns)", errno: errno)
        }
        supervisor?.relay(terminal: master, copyingSizeNow: consoleSize == nil)
        options.onTerminal?(master)
        // The container's user owns its terminal, as a login's does (programs reopen it through /dev/tty).
        if let owner = hostUID(of: plan.spec.process.user.uid) { _ = fchown(slave, owner, UInt32.max) }
    }

    /// `process.consoleSize` as a window size (the kernel's are 16 bits: larger values are clamped).
    var consoleSize: (rows: UInt16, columns: UInt16)? {
        plan.spec.process.consoleSize.map { (UInt16(clamping: $0.height), UInt16(clamping: $0.width)) }
    }

    /// The host uid that `uid` inside the container stands for: itself without a new user namespace, through
    /// the uid map with one; nil when the map does not cover it.
    func hostUID(of uid: UInt32) -> UInt32? {
        let createsUserNamespace = plan.steps.contains { if case .parent(.createNamespaces(let kinds)) = $0.action { kinds.contains(.user) } else { false } }
        guard createsUserNamespace else { return uid }
        return plan.spec.linux.uidMappings.hostID(of: uid)
    }

    /// Raw mode on our terminal while the container has a pseudo-terminal (``Supervisor/enterRawMode()``).
    func enterRawMode() {
        supervisor?.enterRawMode()
    }

    func leaveRawMode() {
        supervisor?.leaveRawMode()
    }
}
