import CShim
import Glibc
import HostCheck
import LinuxSystem
import Mounts
import Planner
import Spec

/// The child's side of a plan: each step in order, in the new namespaces. Errors leave `what` empty; the
/// parent fills in the step's description from its plan.
struct ChildRunner {
    /// The program; its first part only until ``receiveRest()``.
    private(set) var program: ChildProgram
    /// The container's environment (setEnvironment), for execve and the PATH search.
    var environment: [String] = []
    /// The seccomp step left to the process's execve (``seccompIsLast(at:)``), by number.
    var seccompAtExec: Int?

    init(program: ChildProgram) {
        self.program = program
    }

    /// Runs every step; returns only when the program has no exec step (exec does not return).
    mutating func run() throws(StepError) {
        if !program.followedByRest { try enterCgroup() }
        try becomeRootInUserNamespace()
        try bringLoopbackUp()
        try joinSessionKeyring()
        let steps = program.steps
        for (i, step) in steps.enumerated() {
            if step.number == program.setup.awaitStartBefore && program.setup.startSocket >= 0 { try awaitStart(step: step.number) }
            if program.followedByRest && !ChildProgram.isNamespaceLocal(step.action) { try receiveRest() }
            if case .installSeccomp = step.action, seccompIsLast(at: i) {
                seccompAtExec = step.number
                continue
            }
            if case .startInit = step.action, i + 2 == steps.count, case .exec(let args) = steps[i + 1].action,
               !program.setup.needsOwnPid {
                // exec is all that is left: spawn the process from PID 1 without forking this process
                let seccomp = seccompAtExec.map { (filter: program.seccompFilter, flags: program.seccompFlags, step: $0) }
                try MinimalInit.spawn(args, environment: environment, terminal: program.terminal, keepCapabilities: setsCapabilities,
                                      descriptors: program.setup.processDescriptors, seccomp: seccomp,
                                      initStep: step.number, execStep: steps[i + 1].number)
            }
            try perform(step.action, step: step.number)
            if case .pivotRoot = step.action { try allocateContainerTerminal() }
        }
    }

    /// Into the container's cgroup, in each v1 hierarchy (the parent moved it in the unified one), before anything
    /// of the container's own.
    func enterCgroup() throws(StepError) {
        for file in program.cgroupTasks {
            if let failure = Sys.writeFile(file, "0") {
                throw StepError(step: program.cgroupStep, what: "", syscall: "\(failure.call ?? "write") \(file)", errno: failure.errno)
            }
        }
    }

    /// The whole program, after its first part: read from the same descriptor (the parent sends it once the cgroup
    /// is made), then the cgroup entered. End of file means the parent failed or died: it reports why.
    mutating func receiveRest() throws(StepError) {
        let whole = Executor.readProgram()
        guard !whole.followedByRest, whole.steps == program.steps else {
            throw StepError(what: "read the child's steps", hint: "internal error: the second part of the program does not complete the first")
        }
        program = whole
        if !program.awaitsRuntimeHooks { close(Executor.programFD) }
        try enterCgroup()
    }

    mutating func perform(_ action: ChildAction, step: Int) throws(StepError) {
        switch action {
        case .waitForParent:
            break  // the steps were read to end of file: the parent has written the ID maps
        case .unshareCgroupNamespace:
            if md_unshare(Int32(MD_CLONE_NEWCGROUP)) != 0 {
                throw StepError(step: step, what: "", syscall: "unshare(CLONE_NEWCGROUP)", errno: errno)
            }
        case .writeTimeOffsets(let offsets):
            try writeTimeOffsets(offsets, step: step)
        case .setHostname(let name):
            if sethostname(name, name.utf8.count) != 0 { throw StepError(step: step, what: "", errno: errno) }
        case .setDomainname(let name):
            if setdomainname(name, name.utf8.count) != 0 { throw StepError(step: step, what: "", errno: errno) }
        case .makeMountsPrivate:
            try mounting(step) { () throws(MountError) in try Mounter.makePrivate() }
        case .mount(let index, let mount):
            let rootfs = program.rootfs
            let detachedFD = program.detachedMounts[index]
            let views = program.cgroupViews
            let label = program.mountLabel
            try mounting(step) { () throws(MountError) in
                try Mounter.mount(mount, index: index, rootfs: rootfs, detachedFD: detachedFD, cgroupViews: views, mountLabel: label)
            }
        case .bindNetworkFiles(let paths):
            try bindNetworkFiles(paths, step: step)
        case .pivotRoot(let path):
            if program.setup.chrootsRoot {
                try mounting(step) { () throws(MountError) in try Mounter.chrootRoot(path) }
            } else if program.setup.movesRoot {
                try mounting(step) { () throws(MountError) in try Mounter.moveRoot(path) }
            } else {
                try mounting(step) { () throws(MountError) in try Mounter.pivotRoot(path) }
            }
        case .remountRootReadonly:
            try mounting(step) { () throws(MountError) in try Mounter.remountRootReadonly() }
        case .setIdentity(let uid, let gid, let groups):
            try setIdentity(uid: uid, gid: gid, groups: groups, step: step)
        case .changeDirectory(let path):
            if chdir(path) != 0 { throw StepError(step: step, what: "", errno: errno) }
        case .setEnvironment(let env):
            environment = env
        case .startInit:
            try MinimalInit.start(step: step)
        case .exec(let args):
            try exec(args, step: step)
        case .writeSysctls, .createDevices, .setRootPropagation, .makePathsReadonly, .maskPaths, .setRlimits, .setOOMScoreAdj,
             .setPersonality, .setIOPriority, .setScheduler, .limitBoundingSet, .setCapabilities, .setUmask, .setNoNewPrivileges:
            try performConfinement(action, step: step)
        case .awaitRuntimeHooks:
            awaitRuntimeHooks()
        case .setExecLabels(let apparmor, let selinux):
            try setExecLabels(apparmor: apparmor, selinux: selinux, step: step)
        case .installSeccomp:
            try installSeccomp(step: step)
        case .runHooks(let stage, let hooks):
            try runHooks(stage, hooks, step: step)
        }
    }

    /// A mount step: the mounter's error names the mount; it becomes this step's error.
    func mounting(_ step: Int, _ body: () throws(MountError) -> Void) throws(StepError) {
        do {
            try body()
        } catch {
            throw StepError(step: step, error)
        }
    }

    /// unshare(CLONE_NEWTIME), then the offsets, before any process is in the new namespace (this process
    /// enters it at its execve, its children at fork).
    func writeTimeOffsets(_ offsets: ContainerSpec.TimeOffsets, step: Int) throws(StepError) {
        if md_unshare(Int32(MD_CLONE_NEWTIME)) != 0 {
            throw StepError(step: step, what: "", syscall: "unshare(CLONE_NEWTIME)", errno: errno)
        }
        var text = ""
        if let m = offsets.monotonic { text += "monotonic \(m.secs) \(m.nanosecs)\n" }
        if let b = offsets.boottime { text += "boottime \(b.secs) \(b.nanosecs)\n" }
        guard !text.isEmpty else { return }
        if let failure = Sys.writeFile("/proc/self/timens_offsets", text) {
            throw StepError(step: step, what: "", syscall: "\(failure.call ?? "write") /proc/self/timens_offsets", errno: failure.errno)
        }
    }

    /// setgroups, setresgid, setresuid; then the parent-death signal again (a credential change clears it).
    func setIdentity(uid: UInt32, gid: UInt32, groups: [UInt32], step: Int) throws(StepError) {
        let skipSetgroups = groups.isEmpty && program.setgroupsDenied
        let failed = groups.withUnsafeBufferPointer { md_set_identity(uid, gid, $0.baseAddress, $0.count, skipSetgroups ? 1 : 0) }
        if failed != 0 {
            let err = errno
            switch failed {
            case Int32(MD_IDENTITY_SETGROUPS):
                throw StepError(step: step, what: "", syscall: "setgroups", errno: err,
                                hint: err == EPERM ? "setgroups(2) is denied in this user namespace" : nil)
            case Int32(MD_IDENTITY_SETRESGID):
                throw StepError(step: step, what: "", syscall: "setresgid", errno: err,
                                hint: err == EINVAL ? "gid \(gid) is not mapped in the container's user namespace (linux.gidMappings)" : nil)
            default:
                throw StepError(step: step, what: "", syscall: "setresuid", errno: err,
                                hint: err == EINVAL ? "uid \(uid) is not mapped in the container's user namespace (linux.uidMappings)" : nil)
            }
        }
        ZygoteWatch.awaitReparenting()
        if md_set_pdeathsig(SIGKILL) != 0 {
            throw StepError(step: step, what: "", syscall: "prctl(PR_SET_PDEATHSIG)", errno: errno)
        }
        if ZygoteWatch.applyIsGone { _exit(ExitStatus.runtimeFailure) }
    }
}
