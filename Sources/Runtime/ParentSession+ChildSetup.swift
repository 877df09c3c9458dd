import CShim
import Glibc
import LinuxSystem
import Planner
import Spec

/// The parent's side of ``ChildSetup``: what the child does beside its steps, decided from the plan and the run's
/// options, and the descriptors that go with it in the child's table (after the detached mounts).
extension ParentSession {
    /// The plan's allocateTerminal step. When the container mounts a devpts of its own at /dev/pts, the terminal
    /// must come from it (runc allocates it inside the container), so the child allocates it after pivot_root and
    /// sends the master back over a socket made here; otherwise it comes from ours, now (``openTerminal(_:)``).
    func allocateTerminal(_ step: Step) throws(StepError) {
        guard mountsOwnDevpts else { return try openTerminal(step) }
        var fds: [Int32] = [-1, -1]
        guard md_socketpair_cloexec(&fds) == 0 else {
            throw StepError(step: step.number, what: describe(step), syscall: "socketpair(AF_UNIX)", errno: errno)
        }
        consoleSocket = ConsoleSocket(parent: FileDescriptor(owning: fds[0]), child: FileDescriptor(owning: fds[1]))
        childSetup.terminalStep = step.number
        childSetup.consoleSize = consoleSize
    }

    /// Whether the child mounts a devpts at /dev/pts inside the root it pivots into.
    var mountsOwnDevpts: Bool {
        var pivots = false
        var devpts = false
        for step in plan.steps {
            guard case .child(let action) = step.action else { continue }
            switch action {
            case .pivotRoot: pivots = true
            case .mount(_, let mount):
                if mount.type == "devpts" && mount.destination.split(separator: "/").filter({ $0 != "." }) == ["dev", "pts"] {
                    devpts = true
                }
            default: break
            }
        }
        return pivots && devpts
    }

    /// Fills in ``childSetup`` as the child is spawned into `kinds` (the namespaces its `step` creates, joining the
    /// opened ``joins``): the console socket and the passed descriptors go into its `table`, after what is there.
    func layOutChildSetup(kinds: [NamespaceKind], step: Step?, table: inout [Int32]) {
        var setup = childSetup
        setup.namespaceStep = step?.number ?? 0
        setup.loopbackUp = kinds.contains(.network)
        setup.sessionKeyring = options.newSessionKeyring ? (options.containerName ?? "mydocker-apply-\(getpid())") : ""
        setup.movesRoot = options.noPivot
        setup.chrootsRoot = hostMounts != nil
        let linux = plan.spec.linux
        let joinsUser = joins.contains { $0.kind == .user && !Self.isOwnNamespace($0.file.rawValue, .user) }
        if kinds.contains(.user) {
            setup.becomeRoot = linux.uidMappings.hostID(of: 0) != nil && linux.gidMappings.hostID(of: 0) != nil
        } else if joinsUser {
            setup.becomeRoot = true  // the child reads its maps (UserNamespaceRoot)
            if setup.namespaceStep == 0, let join = joins.first(where: { $0.kind == .user }) { setup.namespaceStep = join.step }
        }
        if let socket = consoleSocket?.child?.rawValue {
            setup.consoleSocket = Int32(table.count)
            table.append(socket)
            let uid = plan.spec.process.user.uid
            let mapped = !kinds.contains(.user) || linux.uidMappings.hostID(of: uid) != nil
            setup.terminalOwner = mapped && !joinsUser ? uid : nil
        }
        setup.passedDescriptors = options.passed.descriptors.map { fd in
            table.append(fd)
            return Int32(table.count - 1)
        }
        setup.listenCount = options.passed.listenCount
        if let socket = options.startSocket {
            setup.startSocket = Int32(table.count)
            table.append(socket)
            setup.awaitStartBefore = awaitStartStep
        }
        childSetup = setup
    }

    /// The passed descriptors once the child holds its own copies: their lifetime is the container's, not ours (a
    /// reader waiting for the end of a passed pipe must not wait for apply).
    func closePassedDescriptors() {
        for fd in options.passed.descriptors { close(fd) }
    }

    /// Once the container's process runs: the master of the terminal the child allocated in the container, relayed
    /// from now on. (The child sent it before its process started, so it is there.)
    func receiveContainerTerminal() throws(StepError) {
        guard let socket = consoleSocket else { return }
        let master = md_receive_fd(socket.parent.rawValue, 1)
        guard master >= 0 else {
            let err = errno
            throw StepError(step: childSetup.terminalStep, what: "receive the terminal the child allocated in the container",
                            syscall: "recvmsg(SCM_RIGHTS)", errno: err,
                            hint: err == EAGAIN || err == ENODATA ? "the child sent no terminal" : nil)
        }
        ptyMaster = FileDescriptor(owning: master)
        consoleSocket = nil
        // The size the spec gives was set by the child: ours follows only when ours changes.
        supervisor?.relay(terminal: master, copyingSizeNow: consoleSize == nil)
        options.onTerminal?(master)
        enterRawMode()
    }
}

/// The socket pair over which the child sends the master of the terminal it allocated in the container.
final class ConsoleSocket {
    let parent: FileDescriptor
    /// The child's end, until the child holds its own copy.
    var child: FileDescriptor?

    init(parent: consuming FileDescriptor, child: consuming FileDescriptor) {
        self.parent = parent
        self.child = .some(child)
    }
}
