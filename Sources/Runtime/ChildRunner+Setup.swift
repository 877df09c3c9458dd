import CShim
import Glibc
import LinuxSystem
import Spec

/// The child's work beside its plan steps (``ChildSetup``), each called from ``ChildRunner/run()`` at its moment.
extension ChildRunner {
    /// Before the first step: root in its own user namespace, then the new network namespace's loopback up.
    func setUpNamespaces() throws(StepError) {
        try becomeRootInUserNamespace()
        if program.setup.loopbackUp {
            var failedCall: Int32 = 0
            if md_loopback_up(&failedCall) != 0 {
                let call = ["socket(AF_INET)", "ioctl(SIOCGIFFLAGS) lo", "ioctl(SIOCSIFFLAGS) lo"][Int(max(1, min(failedCall, 3))) - 1]
                throw StepError(step: program.setup.namespaceStep, what: "bring up the loopback interface of the new network namespace",
                                syscall: call, errno: errno)
            }
        }
    }

    /// uid 0 and gid 0 in the user namespace (and no supplementary groups where setgroups is allowed), as runc's
    /// nsexec becomes root there once the maps are written: what the child creates in a file system mounted in the
    /// namespace (the mount points in a tmpfs at /dev) is then owned by an ID the namespace maps.
    func becomeRootInUserNamespace() throws(StepError) {
        var setgroups: Bool
        switch program.setup.rootChange {
        case .none:
            return
        case .become:
            setgroups = true
        case .becomeWithoutSetgroups:
            setgroups = false
        case .ifMapped:
            guard Self.ownMapCovers(0, "/proc/self/uid_map"), Self.ownMapCovers(0, "/proc/self/gid_map") else { return }
            setgroups = Sys.readFile("/proc/self/setgroups").map { String(decoding: $0, as: UTF8.self).hasPrefix("allow") } ?? false
        }
        let failed = md_set_identity(0, 0, nil, 0, setgroups ? 0 : 1)
        if failed != 0 {
            let err = errno
            let call = failed == Int32(MD_IDENTITY_SETGROUPS) ? "setgroups" : failed == Int32(MD_IDENTITY_SETRESGID) ? "setresgid(0)" : "setresuid(0)"
            throw StepError(step: program.setup.namespaceStep, what: "become root in the container's user namespace", syscall: call, errno: err)
        }
        // A credential change clears the parent-death signal.
        if md_set_pdeathsig(SIGKILL) != 0 {
            throw StepError(step: program.setup.namespaceStep, what: "become root in the container's user namespace",
                            syscall: "prctl(PR_SET_PDEATHSIG)", errno: errno)
        }
    }

    /// Whether the ID map file `path` (of this process's user namespace) maps `id`.
    static func ownMapCovers(_ id: UInt32, _ path: String) -> Bool {
        guard let bytes = Sys.readFile(path) else { return false }
        return ContainerSpec.IDMapping.parse(mapText: String(decoding: bytes, as: UTF8.self)).hostID(of: id) != nil
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
        // The process's user owns its terminal (runc's fixStdioPermissions: the uid only, the mount's gid stays).
        if let owner = program.setup.terminalOwner, fchown(slave.rawValue, owner, UInt32.max) != 0 {
            throw StepError(step: step, what: what, syscall: "fchown(\(owner)) of the terminal", errno: errno)
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
