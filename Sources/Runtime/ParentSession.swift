import Cgroups
import CShim
import Glibc
import HostCheck
import LinuxSystem
import Mounts
import Network
import Planner
import Seccomp
import Spec

/// One run of a plan, on the parent's side: the resources it holds, and the steps it carries out itself.
/// ``cleanUp()`` releases everything, whichever way the run ends.
final class ParentSession {
    let plan: Plan
    let options: RunOptions

    /// Loop devices attached for mount i (released once the child holds the detached mounts).
    var loops: [Int: LoopAttachment] = [:]
    /// Detached mounts prepared for mount i; the child inherits their descriptors.
    var detached: [Int: DetachedMount] = [:]
    /// The container's pseudo-terminal (process.terminal): the master, relayed by the supervisor, and the slave
    /// until the child holds it as its stdio. When the container mounts its own devpts, the child allocates it there
    /// and only the master comes back (``receiveContainerTerminal()``).
    var ptyMaster: FileDescriptor?
    var ptySlave: FileDescriptor?
    /// Namespaces to join, opened in plan order.
    var joins: [NamespaceJoin] = []
    /// Mount index → descriptor number in the child.
    var detachedInChild: [Int: Int32] = [:]

    /// The child's pid (0: none yet), a pidfd for it, and whether it was reaped.
    var child: Int32 = 0
    var pidfd: Pidfd?
    var reaped = false
    /// Write end of the program pipe (the child's descriptor 3), read end of the report pipe (its descriptor 4).
    var program: FileDescriptor?
    var report: FileDescriptor?
    /// Read end of the pipe on which the minimal init records how the process ended (``ExitRecord``).
    var exitRecord: FileDescriptor?
    /// Forwards signals to the child and relays its terminal (the signals are taken while the session runs).
    var supervisor: Supervisor?
    var setgroupsDenied = false
    /// The container's cgroup, from its creation until it is removed (``finishCgroup()``).
    var cgroup: ContainerCgroup?
    /// The v1 `tasks` files the child moves itself in with, and the step that is (``enterCgroup(_:)``).
    var childCgroupTasks: [String] = []
    var cgroupStep = 0
    /// The preflight step's namespace-support checks, made only on failure (see ``deferredPreflightFailure()``).
    var deferredNamespaceChecks: (step: Int, kinds: [NamespaceKind])?
    /// The zygote asked for the child, and not answered yet (``awaitZygoteChild()``).
    var pendingZygote: (zygote: Zygote, kinds: [NamespaceKind], step: Step?)?
    /// The program's first part went to the child before the parent's last steps (``sendsProgramEarly``).
    var earlyProgramSent = false
    /// What the child does beside its steps, and the socket its terminal comes back on (ParentSession+ChildSetup).
    var childSetup = ChildSetup()
    var consoleSocket: ConsoleSocket?
    /// The child is created and left to run on its own (``create()``): clean-up neither kills it nor removes its cgroup.
    var leftRunning = false
    /// The host's mounts below the root before the child made its own there (``RunOptions/onHostMounts``); what it
    /// added is unmounted when the run fails or ends here.
    var hostMounts: HostMounts?
    /// The run's networking (``setUpNetwork(_:step:)``), released once the child is gone.
    var network: NetworkAttachment?

    init(plan: Plan, options: RunOptions) {
        self.plan = plan
        self.options = options
    }

    func run() throws(StepError) -> ProcessExit {
        do {
            try takeSignals()
            for step in plan.steps {
                if case .parent(let action) = step.action { try perform(action, step) }
            }
            try awaitZygoteChild()
            if child == 0 { try spawn(kinds: [], step: nil) }
            let seccomp = try compileSeccomp()
            if let seccomp { options.onSeccompProgram?(seccomp.bytes, seccomp.flags) }
            enterRawMode()
            sendProgram(seccomp: seccomp)
            options.zygote?.reap()  // it has exited by now: its fork, the child, is ours
            try waitUntilStarted()
        } catch {
            throw deferredPreflightFailure() ?? earlyChildFailure() ?? error
        }
        options.onStarted?(child)
        runWarningHooks("poststart", plan.spec.hooks.poststart, status: "running")
        let exit = waitForExit()
        if exit == .signaled(SIGKILL), let cgroup, cgroup.oomKills() > 0 {
            options.onOOMKilled?(plan.spec.linux.resources?.memory?.limit)
        }
        finishCgroup()
        return exit
    }

    /// The preflight's namespace-support checks are made only when something failed: reading /proc/self/ns and
    /// /proc/sys/user for every kind costs more than a tenth of apply's time, and a kernel that lacks a kind or
    /// forbids it makes clone(2) or unshare(2) fail anyway. When one of them explains the failure, it is what
    /// apply reports, as the preflight step's error, exactly as if it had been checked first.
    func deferredPreflightFailure() -> StepError? {
        guard let (step, kinds) = deferredNamespaceChecks else { return nil }
        for kind in kinds {
            if let failure = Preflight.failure(of: .namespaceSupported(kind)) {
                return StepError(step: step, failure)
            }
        }
        return nil
    }

    /// The child's own failure, when it started on the program's first part and failed there while a later step of
    /// ours failed too (moving a child that has exited into its cgroup): the child's error is the one that explains.
    func earlyChildFailure() -> StepError? {
        guard earlyProgramSent, let child = pidfd?.descriptor.rawValue, md_pidfd_wait_exit(child, 0) == 1,
              let fd = report?.rawValue, let bytes = Sys.readAll(fd, limit: 1 << 16), !bytes.isEmpty,
              var failure = FailureRecord.decode(bytes) else { return nil }
        if let number = failure.step, let step = plan.steps.first(where: { $0.number == number }) {
            failure = fill(failure, step: step)
        }
        return failure
    }

    /// One parent step: `action`, which is `step`'s (the step gives the number and description errors name).
    func perform(_ action: ParentAction, _ step: Step) throws(StepError) {
        switch action {
        case .preflight(let checks):
            let deferred = checks.compactMap { check -> NamespaceKind? in
                if case .namespaceSupported(let kind) = check { return kind }
                return nil
            }
            if !deferred.isEmpty { deferredNamespaceChecks = (step.number, deferred) }
            do {
                try Preflight.run(checks.filter { if case .namespaceSupported = $0 { false } else { true } })
            } catch {
                throw StepError(step: step.number, error)
            }
        case .attachLoop(let mount, let image, let readOnly):
            try requireNoChild(step)
            loops[mount] = try at(step, mount: mount) { () throws(MountError) in try LoopAttachment.attach(image: image, readOnly: readOnly) }
        case .prepareLoopMount(let mount, let fsType, let words):
            try requireNoChild(step)
            guard let loop = loops[mount] else { throw internalError(step, "no loop device was attached for mounts[\(mount)]") }
            detached[mount] = try at(step, mount: mount) { () throws(MountError) in
                try DetachedMount.create(device: loop.devicePath, fsType: fsType, options: ResolvedMountOptions(words))
            }
        case .allocateTerminal:
            try requireNoChild(step)
            try allocateTerminal(step)
        case .joinNamespace(let kind, let path):
            try requireNoChild(step)
            do {
                joins.append(NamespaceJoin(file: try FileDescriptor.open(path, O_RDONLY), kind: kind, step: step.number))
            } catch {
                throw StepError(step: step.number, what: describe(step), syscall: "open", errno: error.errno)
            }
        case .createCgroup(let path, let resources):
            try createCgroup(path: path, resources: resources, step: step)
        case .createNamespaces(let kinds):
            try requireNoChild(step)
            try spawn(kinds: kinds, step: step)
        case .enterCgroup:
            try requireChild(step)
            try enterCgroup(step)
        case .setgroups(let allow):
            try requireChild(step)
            if let failure = Sys.writeFile("/proc/\(child)/setgroups", allow ? "allow" : "deny"), failure.errno != ENOENT {
                let ownDenied = Sys.readFile("/proc/self/setgroups").map { String(decoding: $0, as: UTF8.self).hasPrefix("deny") } ?? false
                let hint = allow && failure.errno == EPERM && ownDenied
                    ? "mydocker runs in a user namespace whose setgroups is \"deny\" (/proc/self/setgroups): a user namespace inside it cannot allow setgroups(2)"
                    : nil
                throw StepError(step: step.number, what: describe(step), syscall: failure.call, errno: failure.errno, hint: hint)
            }
            setgroupsDenied = !allow
        case .writeUIDMap(let mappings):
            try requireChild(step)
            try writeMap("uid_map", mappings, parentMap: "/proc/self/uid_map", step: step)
        case .writeGIDMap(let mappings):
            try requireChild(step)
            try writeMap("gid_map", mappings, parentMap: "/proc/self/gid_map", step: step)
        case .setUpNetwork(let network):
            try requireChild(step)
            try setUpNetwork(network, step: step)
        }
    }

    /// Writes /proc/CHILD/NAME; when the kernel refuses, finds the line at fault.
    func writeMap(_ name: String, _ mappings: [ContainerSpec.IDMapping], parentMap: String, step: Step) throws(StepError) {
        guard let failure = Sys.writeFile("/proc/\(child)/\(name)", mappings.mapText) else { return }
        let parent = Sys.readFile(parentMap).map { ContainerSpec.IDMapping.parse(mapText: String(decoding: $0, as: UTF8.self)) }
        var hint = IDMapCheck.problem(mappings, parent: parent)?.description
        if hint == nil && failure.errno == EPERM {
            hint = "the kernel refused the map: it can be written once, by a process with CAP_SETUID/CAP_SETGID over the new user namespace"
        }
        throw StepError(step: step.number, what: describe(step), syscall: failure.call, errno: failure.errno, hint: hint)
    }

    /// The child's steps, sent over descriptor 3 (length-prefixed) and closed, unless the child is to wait there for
    /// the runtime's hooks (``runRuntimeHooks()``).
    func sendProgram(seccomp: SeccompProgram? = nil) {
        let program = childProgram(seccomp: seccomp)
        // A failed write (EPIPE: the child died) is not reported here: the child's own report says why.
        if let fd = self.program?.rawValue { _ = Sys.writeAll(fd, program.framed()) }
        if !program.awaitsRuntimeHooks { self.program = nil }
    }

    /// The child's program as the session stands; with `followedByRest`, its first part (``ChildProgram``).
    func childProgram(seccomp: SeccompProgram? = nil, followedByRest: Bool = false) -> ChildProgram {
        ChildProgram(
            steps: plan.steps.compactMap(ChildStep.init),
            rootfs: plan.spec.root?.resolvedPath,
            detachedMounts: detachedInChild,
            terminal: ptyMaster != nil || consoleSocket != nil,
            setgroupsDenied: setgroupsDenied,
            cgroupTasks: childCgroupTasks,
            cgroupStep: cgroupStep,
            cgroupViews: plan.spec.mounts.contains { $0.type == "cgroup" } ? cgroupViews() : [],
            hookState: plan.spec.hooks.createContainer.isEmpty && plan.spec.hooks.startContainer.isEmpty ? nil : hookState,
            setup: childSetup,
            seccompFilter: seccomp?.bytes ?? [],
            seccompFlags: seccomp?.flags ?? 0,
            // runc applies the mount label only where SELinux is active, and leaves the mounts alone elsewhere.
            mountLabel: plan.spec.linux.mountLabel.flatMap { MountLabel.selinuxActive ? $0 : nil },
            followedByRest: followedByRest
        )
    }

    // MARK: - Errors

    func describe(_ step: Step) -> String { step.action.description }

    /// `error` with the step's number and description where the thrower left them out; for the loop steps,
    /// said of the spec's mount they serve (its destination, index and source).
    func at<T>(_ step: Step, mount: Int, _ body: () throws(MountError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            let failure = StepError(step: step.number, error)
            if plan.spec.mounts.indices.contains(mount) {
                throw fill(failure.naming(plan.spec.mounts[mount], index: mount), step: step)
            }
            throw fill(failure, step: step)
        }
    }

    func fill(_ error: StepError, step: Step) -> StepError {
        var error = error
        if error.step == nil { error.step = step.number }
        if error.what.isEmpty { error.what = describe(step) }
        return error
    }

    func internalError(_ step: Step, _ message: String) -> StepError {
        StepError(step: step.number, what: describe(step), hint: "internal error: \(message)")
    }

    func requireChild(_ step: Step) throws(StepError) {
        try awaitZygoteChild()
        if child == 0 { throw internalError(step, "planned before the child exists") }
    }

    func requireNoChild(_ step: Step) throws(StepError) {
        if child != 0 { throw internalError(step, "planned after the child was created") }
    }

    // MARK: - Clean-up

    /// Kills and reaps a child that did not finish, closes every descriptor, releases loop devices, restores
    /// the terminal and the signal mask. Safe to call once, whatever state the run reached.
    func cleanUp() {
        try? awaitZygoteChild()  // a fork asked for is killed below like any child
        options.zygote?.reap()
        if child > 0 && !reaped && !leftRunning {
            kill(child, SIGKILL)
            var status: Int32 = 0
            _ = retryingOnInterrupt { waitpid(child, &status, 0) }.result
            reaped = true
        }
        pidfd = nil
        program = nil
        report = nil
        exitRecord = nil
        releaseMountResources()
        // The namespace is pinned: DEL finds the container's interface though its processes are gone.
        network?.release()
        network = nil
        joins = []
        ptySlave = nil
        ptyMaster = nil
        consoleSocket = nil
        if !leftRunning { finishCgroup() }
        if !leftRunning, let hostMounts { try? hostMounts.unmountAdded() }
        leaveRawMode()
        // Once the container is gone, whichever way its run ended.
        if child > 0 && !leftRunning { runWarningHooks("poststop", plan.spec.hooks.poststop, status: "stopped") }
        restoreSignals()
    }

    /// Closes detached mounts and loop devices (the child holds its own descriptors once it exists; autoclear
    /// detaches each loop device when its last mount goes).
    func releaseMountResources() {
        detached = [:]
        loops = [:]
    }
}

/// A namespace to join, opened in its plan step.
final class NamespaceJoin {
    let file: FileDescriptor
    let kind: NamespaceKind
    let step: Int

    init(file: consuming FileDescriptor, kind: NamespaceKind, step: Int) {
        self.file = file
        self.kind = kind
        self.step = step
    }
}
