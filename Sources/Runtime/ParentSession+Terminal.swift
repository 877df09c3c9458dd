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
        supervisor?.relay(terminal: master)
        // The container's user owns its terminal, as a login's does (programs reopen it through /dev/tty).
        if let owner = hostUID(of: plan.spec.process.user.uid) { _ = fchown(slave, owner, UInt32.max) }
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
