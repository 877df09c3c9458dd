import Glibc

/// What the child does beside its plan steps, as runc's init does, and the parent decides from the plan and the
/// run's options: bring up a new network namespace's loopback, allocate the container's terminal from its own
/// devpts, and lay out the descriptors passed to the container's process.
/// The parent fills it in (ParentSession+ChildSetup.swift); the child carries it out (ChildRunner+Setup.swift).
struct ChildSetup: Sendable {
    /// The child is in a user namespace of its own (created with uid 0 and gid 0 mapped, or joined): it becomes
    /// root there (``UserNamespaceRoot``) before its first step, as runc's nsexec does once the maps are written,
    /// after making the mount points its root file system lacks (``Mounter/makeMountPointsInRoot(_:rootfs:)``).
    var becomeRoot = false
    /// A new network namespace: its loopback interface is brought up (runc's "loopback" network). The plan step
    /// (the one creating the namespaces) a failure of these is reported as.
    var loopbackUp = false
    var namespaceStep = 0
    /// The child's end of the console socket, -1 for none: after pivot_root the child allocates the container's
    /// terminal from its own /dev/pts/ptmx, makes the slave its stdio and sends the master back over it.
    var consoleSocket: Int32 = -1
    /// The plan step (allocateTerminal) a failure of that is reported as.
    var terminalStep = 0
    /// The uid, as the container sees it, that the terminal is given to (the process's user), when there is one.
    var terminalOwner: UInt32?
    /// The terminal's size as the spec gives it (`process.consoleSize`): rows, columns.
    var consoleSize: (rows: UInt16, columns: UInt16)?
    /// The child's descriptors that become 3, 4, … in the container's process, in order (``PassedDescriptors``).
    var passedDescriptors: [Int32] = []
    /// How many of the first are socket activation's: LISTEN_FDS and LISTEN_PID are set for them.
    var listenCount = 0
    /// The child's descriptor of the start socket (`mydocker create`), -1 for none: before the plan step numbered
    /// ``awaitStartBefore`` the child says it is created and waits there until `mydocker start` connects
    /// (ChildRunner+Start.swift).
    var startSocket: Int32 = -1
    var awaitStartBefore = 0
    /// The folder of the container's generated /etc files (``ChildAction/bindNetworkFiles(_:)``), empty for none.
    var networkFiles = ""
    /// The name of the new session keyring the child joins before its first step, as runc's init does, so that the
    /// caller's session keyring never reaches the container; empty to keep the caller's (`--no-new-keyring`).
    var sessionKeyring = ""
    /// `--no-pivot`: the pivotRoot step moves the root over / and chroots instead (``Mounter/moveRoot(_:)``).
    var movesRoot = false
    /// In the host's mount namespace (``RunOptions/onHostMounts``): the pivotRoot step chroots into the root, made a
    /// mount point of its own first, as runc does without a mount namespace (``Mounter/chrootRoot(_:)``).
    var chrootsRoot = false

    /// The container process's descriptor table: stdio, then the passed ones.
    var processDescriptors: [Int32] { [0, 1, 2] + passedDescriptors }

    /// The process must know its own pid before its execve (LISTEN_PID): the minimal init forks the child instead
    /// of spawning the process straight from PID 1.
    var needsOwnPid: Bool { listenCount > 0 }
}

extension ChildSetup {
    func encode(into w: inout WireWriter) {
        w.bool(becomeRoot)
        w.bool(loopbackUp)
        w.int(namespaceStep)
        w.i32(consoleSocket)
        w.int(terminalStep)
        w.bool(terminalOwner != nil)
        if let terminalOwner { w.u32(terminalOwner) }
        w.array(passedDescriptors) { w, fd in w.i32(fd) }
        w.int(listenCount)
        w.bool(consoleSize != nil)
        if let consoleSize { w.u32(UInt32(consoleSize.rows)); w.u32(UInt32(consoleSize.columns)) }
        w.i32(startSocket)
        w.int(awaitStartBefore)
        w.string(networkFiles)
        w.string(sessionKeyring)
        w.bool(movesRoot)
        w.bool(chrootsRoot)
    }

    init(decoding r: inout WireReader) throws(WireError) {
        becomeRoot = try r.bool()
        loopbackUp = try r.bool()
        namespaceStep = try r.int()
        consoleSocket = try r.i32()
        terminalStep = try r.int()
        terminalOwner = try r.bool() ? try r.u32() : nil
        passedDescriptors = try r.array { (r: inout WireReader) throws(WireError) in try r.i32() }
        listenCount = try r.int()
        if try r.bool() { consoleSize = (UInt16(truncatingIfNeeded: try r.u32()), UInt16(truncatingIfNeeded: try r.u32())) }
        startSocket = try r.i32()
        awaitStartBefore = try r.int()
        networkFiles = try r.string()
        sessionKeyring = try r.string()
        movesRoot = try r.bool()
        chrootsRoot = try r.bool()
    }
}

extension ChildSetup: Equatable {
    static func == (a: ChildSetup, b: ChildSetup) -> Bool {
        a.becomeRoot == b.becomeRoot && a.loopbackUp == b.loopbackUp && a.namespaceStep == b.namespaceStep
            && a.consoleSocket == b.consoleSocket && a.terminalStep == b.terminalStep && a.terminalOwner == b.terminalOwner
            && a.passedDescriptors == b.passedDescriptors && a.listenCount == b.listenCount
            && a.startSocket == b.startSocket && a.awaitStartBefore == b.awaitStartBefore
            && a.consoleSize?.rows == b.consoleSize?.rows && a.consoleSize?.columns == b.consoleSize?.columns
            && a.networkFiles == b.networkFiles && a.sessionKeyring == b.sessionKeyring && a.movesRoot == b.movesRoot
    }
}
