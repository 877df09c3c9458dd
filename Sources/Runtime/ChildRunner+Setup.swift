import CShim
import Glibc
import LinuxSystem
import Mounts
import Spec

/// The child's work beside its plan steps (``ChildSetup``), each called from ``ChildRunner/run()`` at its moment.
extension ChildRunner {
    /// Before the first step, in a user namespace of its own: root there, once the mount points the root file
    /// system lacks are made (``ChildSetup/becomeRoot``).
    func becomeRootInUserNamespace() throws(StepError) {
        guard program.setup.becomeRoot else { return }
        if let rootfs = program.rootfs {
            let mounts = program.steps.compactMap { step -> ContainerSpec.Mount? in
                if case .mount(_, let mount) = step.action { mount } else { nil }
            }
            Mounter.makeMountPointsInRoot(mounts, rootfs: rootfs)
        }
        do {
            _ = try UserNamespaceRoot.become()
        } catch {
            throw StepError(step: program.setup.namespaceStep, what: "become root in the container's user namespace", cause: error)
        }
    }

    /// Before the first step: a new network namespace's loopback interface up, as runc's "loopback" network.
    func bringLoopbackUp() throws(StepError) {
        guard program.setup.loopbackUp else { return }
        var failedCall: Int32 = 0
        if md_loopback_up(&failedCall) != 0 {
            let call = ["socket(AF_INET)", "ioctl(SIOCGIFFLAGS) lo", "ioctl(SIOCSIFFLAGS) lo"][Int(max(1, min(failedCall, 3))) - 1]
            throw StepError(step: program.setup.namespaceStep, what: "bring up the loopback interface of the new network namespace",
                            syscall: call, errno: errno)
        }
    }

    /// Before the first step: a new session keyring of the container's own (``ChildSetup/sessionKeyring``), as
    /// runc's init joins one, so that the caller's keys never reach the container. A kernel without keyrings
    /// (ENOSYS) is no failure, as for runc.
    func joinSessionKeyring() throws(StepError) {
        let name = program.setup.sessionKeyring
        guard !name.isEmpty else { return }
        var failedCall: Int32 = 0
        if md_join_session_keyring(name, &failedCall) < 0 && errno != ENOSYS {
            let call = ["keyctl(KEYCTL_JOIN_SESSION_KEYRING)", "keyctl(KEYCTL_DESCRIBE)", "keyctl(KEYCTL_SETPERM)"][Int(max(1, min(failedCall, 3))) - 1]
            throw StepError(step: program.setup.namespaceStep, what: "join a new session keyring \(name)", syscall: call, errno: errno)
        }
    }

    /// After pivot_root, when the container has its own devpts: the terminal comes from its /dev/pts/ptmx, as runc
    /// allocates it inside the container; the slave becomes this process's stdio (the container's process inherits
    /// it, and makes it its controlling terminal), the master goes to the parent, which relays it.
    func allocateContainerTerminal() throws(StepError) {
        let socket = program.setup.consoleSocket
        guard socket >= 0 else { return }
        let step = program.setup.terminalStep
        let what = "allocate the terminal from the container's /dev/pts"
        let master: FileDescriptor
        do {
            master = try FileDescriptor.open("/dev/pts/ptmx", O_RDWR | O_NOCTTY)
        } catch {
            throw StepError(step: step, what: what, syscall: "open /dev/pts/ptmx", errno: error.errno,
                            hint: error.errno == EACCES ? "the devpts mount at /dev/pts needs ptmxmode=0666 (or 0600 for root)" : nil)
        }
        var failedCall: Int32 = 0
        let peer = md_open_pty_peer(master.rawValue, &failedCall)
        guard peer >= 0 else {
            throw StepError(step: step, what: what, syscall: failedCall == 1 ? "ioctl(TIOCSPTLCK)" : "ioctl(TIOCGPTPEER)", errno: errno)
        }
        let slave = FileDescriptor(owning: peer)
        // The process's user owns its terminal (runc's fixStdioPermissions: the uid only, the mount's gid stays);
        // in a user namespace, its root gives it (the child's own uid is not mapped there).
        if let owner = program.setup.terminalOwner {
            do {
                _ = try UserNamespaceRoot.become()
            } catch {
                throw StepError(step: step, what: what, cause: error)
            }
            if fchown(slave.rawValue, owner, UInt32.max) != 0 {
                throw StepError(step: step, what: what, syscall: "fchown(\(owner)) of the terminal", errno: errno)
            }
        }
        if let size = program.setup.consoleSize, md_set_winsize(master.rawValue, size.rows, size.columns) != 0 {
            throw StepError(step: step, what: what, syscall: "ioctl(TIOCSWINSZ) \(size.rows)x\(size.columns)", errno: errno)
        }
        // /dev/console is the terminal too, where the spec mounts a /dev of its own (runc's mountConsole).
        if program.steps.contains(where: { if case .createDevices(_, true) = $0.action { true } else { false } }) {
            let number = md_pty_number(master.rawValue)
            guard number >= 0 else { throw StepError(step: step, what: what, syscall: "ioctl(TIOCGPTN)", errno: errno) }
            do {
                try DeviceNodes.bindConsole(from: "/dev/pts/\(number)", rootfs: nil)
            } catch {
                throw StepError(step: step, error)
            }
        }
        if md_send_fd(socket, master.rawValue) != 0 {
            throw StepError(step: step, what: what, syscall: "sendmsg(SCM_RIGHTS) of the terminal's master", errno: errno)
        }
        close(socket)
        for fd: Int32 in 0...2 where dup2(slave.rawValue, fd) < 0 {
            throw StepError(step: step, what: what, syscall: "dup2 of the terminal onto \(fd)", errno: errno)
        }
    }

    /// Right before the final execve of this process: its descriptor table is stdio and the passed descriptors as
    /// 3, 4, … (md_install_fd_table, as md_spawn lays out every other process's), everything else closed there.
    /// The report descriptor, still needed should the execve fail, is moved out of the way: the returned closure
    /// puts it back.
    func installProcessDescriptors(step: Int) throws(StepError) -> () -> Void {
        let table = program.setup.processDescriptors
        var keep: [Int32] = [Executor.reportFD]
        var failedIndex: Int32 = 0
        let failed = md_install_fd_table(table, Int32(table.count), &keep, 1, &failedIndex)
        let moved = keep[0]
        let restore = {
            if moved != Executor.reportFD {
                if dup2(moved, Executor.reportFD) >= 0 { _ = fcntl(Executor.reportFD, F_SETFD, FD_CLOEXEC) }
                close(moved)
            }
        }
        if failed != Int32(MD_FD_TABLE_OK.rawValue) {
            let err = errno
            restore()
            let call = switch md_fd_table_step(rawValue: UInt32(failed)) {
            case MD_FD_TABLE_DUPFD: "fcntl(F_DUPFD_CLOEXEC)"
            case MD_FD_TABLE_DUP2: "dup2 onto \(failedIndex)"
            case MD_FD_TABLE_SETFD: "fcntl(F_SETFD) of \(failedIndex)"
            case MD_FD_TABLE_CLOSE_RANGE: "close_range"
            default: "the descriptor table"
            }
            throw StepError(step: step, what: "", syscall: call, errno: err)
        }
        return restore
    }

    /// The container's environment for a process whose pid is `pid` (as it sees itself): LISTEN_FDS and
    /// LISTEN_PID when socket-activation descriptors are passed.
    func processEnvironment(pid: Int32) -> [String] {
        PassedDescriptors.environment(environment, listenCount: program.setup.listenCount, pid: pid)
    }
}
