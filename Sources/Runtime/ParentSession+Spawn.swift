import CShim
import Glibc
import LinuxSystem
import Planner
import Spec

extension ParentSession {
    /// Starts the child (md_spawn) in `kinds` (after joining the opened namespaces), re-executing mydocker as
    /// `mydocker init` with the program pipe on its descriptor 3 and the report pipe on 4. Returns once the child
    /// runs `mydocker init`.
    func spawn(kinds: [NamespaceKind], step: Step?) throws(StepError) {
        func failure(_ call: String, _ err: Int32, hint: String? = nil) -> StepError {
            StepError(step: step?.number, what: step.map(describe) ?? "clone(no new namespaces)", syscall: call, errno: err, hint: hint)
        }

        try guardHost(kinds: kinds)
        try recordHostMounts(kinds: kinds, step: step)
        if let zygote = options.zygote, zygote.isWaiting {
            return try spawn(from: zygote, kinds: kinds, step: step)
        }
        func opening<T: ~Copyable>(_ call: String, _ body: () throws(SystemError) -> T) throws(StepError) -> T {
            do { return try body() } catch { throw failure(call, error.errno) }
        }
        let exe = try opening("open \(options.initExecutable)") { () throws(SystemError) in
            try FileDescriptor.open(options.initExecutable, O_RDONLY)
        }
        let programPipe = try opening("pipe2") { () throws(SystemError) in try Pipe() }
        let reportPipe = try opening("pipe2") { () throws(SystemError) in try Pipe() }
        let exitPipe = try opening("pipe2") { () throws(SystemError) in try Pipe() }

        // The child's descriptor table (md_child_fds.h): stdio, the program, the report, the minimal init's exit
        // record, then the detached mounts, by mount index, then the console socket and the passed descriptors.
        let slave = ptySlave?.rawValue
        let stdio: [Int32] = slave.map { [$0, $0, $0] } ?? [options.stdin, options.stdout, options.stderr]
        var table = stdio + [programPipe.read.rawValue, reportPipe.write.rawValue, exitPipe.write.rawValue]
        assert(table.count == Int(MD_CHILD_FIRST_PASSED_FD))
        for (index, mount) in detached.sorted(by: { $0.key < $1.key }) {
            detachedInChild[index] = Int32(table.count)
            table.append(mount.fd)
        }
        layOutChildSetup(kinds: kinds, step: step, table: &table)
        let joinSteps = joins.map(\.step)
        // The container's environment travels in the program; the child's own holds only the Swift runtime's
        // crash-handler settings. A static mydocker has no swift-backtrace beside it, so the handler could print
        // nothing, yet looking for one (and asking whether stdio are terminals) costs a dozen system calls at
        // every start. Naming a path skips the search; `enable=no` means it is never used.
        var request = SpawnRequest(
            arguments: ["mydocker", "init"],
            environment: ["SWIFT_BACKTRACE=enable=no,interactive=no,color=no,swift-backtrace=/dev/null"]
        )
        request.executable = exe.rawValue
        request.descriptors = table
        request.joinDescriptors = joins.map { $0.file.rawValue }
        request.joinFlags = joins.map(\.kind.cloneFlag)
        request.cloneFlags = kinds.reduce(Int32(0)) { $0 | $1.cloneFlag }
        request.parentDeathSignal = SIGKILL
        request.resetSignalHandlers = true
        // With a user namespace the child's uid is not mapped yet when it re-executes itself.
        request.capabilities = kinds.contains(.user) || joins.contains { $0.kind == .user } ? .keep : .unchanged
        var spawnFailure: SpawnFailure?
        var pid: Int32 = -1
        do {
            pid = try request.start()
        } catch {
            spawnFailure = error
        }
        // The child has its own copies now of the ends it uses, the pty's slave, the mounts and the namespaces.
        program = programPipe.writeEnd()
        report = reportPipe.readEnd()
        exitRecord = exitPipe.readEnd()
        ptySlave = nil
        consoleSocket?.child = nil
        closePassedDescriptors()
        releaseMountResources()
        joins = []

        if let spawnFailure {
            throw error(of: spawnFailure, kinds: kinds, joinSteps: joinSteps, step: step)
        }
        child = pid
        pidfd = try opening("pidfd_open") { () throws(SystemError) in try Pidfd.open(child: pid) }
    }

    /// The child as the ``Zygote``'s fork, in `kinds`: asked for here, and taken (``awaitZygoteChild()``) when a step
    /// first needs it, so that the zygote enters the namespaces while the cgroup is made. The fork is running
    /// mydocker already, with the program, report and exit pipes on its descriptors 3, 4 and 5.
    func spawn(from zygote: Zygote, kinds: [NamespaceKind], step: Step?) throws(StepError) {
        var table: [Int32] = []
        layOutChildSetup(kinds: kinds, step: step, table: &table)
        zygote.ask(flags: kinds.reduce(Int32(0)) { $0 | $1.cloneFlag })
        pendingZygote = (zygote, kinds, step)
        // The program's first part now, into the pipe the fork will read, so that the fork's namespace-local steps
        // run while we make the cgroup; the whole program follows (``sendProgram(seccomp:)``).
        if sendsProgramEarly, zygote.program >= 0 {
            earlyProgramSent = Sys.writeAll(zygote.program, childProgram(followedByRest: true).framed()) == 0
        }
    }

    /// Whether the child may start on the program's first part: what the parent's later steps make is needed only
    /// after the child's namespace-local steps (``ChildProgram/isNamespaceLocal(_:)``). Not with a user namespace
    /// (the child waits for its ID maps before anything) nor with hooks (their state names the child).
    var sendsProgramEarly: Bool {
        let hooks = plan.spec.hooks
        guard hooks.prestart.isEmpty, hooks.createRuntime.isEmpty, hooks.createContainer.isEmpty, hooks.startContainer.isEmpty else { return false }
        return !plan.steps.contains { step in
            switch step.action {
            case .parent(.setgroups), .parent(.writeUIDMap), .parent(.writeGIDMap): true
            case .parent(.createNamespaces(let kinds)): kinds.contains(.user)
            default: false
            }
        }
    }

    /// The zygote's answer, once: its fork as the child, or the step's error.
    func awaitZygoteChild() throws(StepError) {
        guard let (zygote, kinds, step) = pendingZygote else { return }
        pendingZygote = nil
        switch zygote.answer() {
        case .failure(let cause):
            zygote.cancel()
            var error = StepError(step: step?.number, what: step.map(describe) ?? "clone(no new namespaces)", cause: cause)
            if cause.call == "unshare" { error.hint = Self.cloneHint(cause.errno, kinds) }
            throw error
        case .success(let pid):
            let pipes = zygote.takePipes()
            program = FileDescriptor(owning: pipes.program)
            report = FileDescriptor(owning: pipes.report)
            exitRecord = FileDescriptor(owning: pipes.exitRecord)
            child = pid
            do {
                pidfd = try Pidfd.open(child: pid)
            } catch {
                throw StepError(step: step?.number, what: step.map(describe) ?? "clone(no new namespaces)", syscall: "pidfd_open", errno: error.errno)
            }
        }
    }

    /// md_spawn's failure as the failure of the step it happened in: a join's own step for setns, else the step
    /// that creates the namespaces (`step`).
    func error(of spawnFailure: SpawnFailure, kinds: [NamespaceKind], joinSteps: [Int], step: Step?) -> StepError {
        let err = spawnFailure.errno
        var error = StepError(step: step?.number, what: step.map(describe) ?? "clone(no new namespaces)",
                              cause: spawnFailure.systemError)
        switch spawnFailure.stage {
        case MD_SPAWN_STAGE_SETNS where joinSteps.indices.contains(spawnFailure.index):
            let number = joinSteps[spawnFailure.index]
            error.step = number
            error.what = plan.steps.first { $0.number == number }.map(describe) ?? ""
            if err == EINVAL { error.hint = "not a namespace of that kind, or one this process cannot join" }
        case MD_SPAWN_STAGE_CLONE:
            error.hint = Self.cloneHint(err, kinds)
        case MD_SPAWN_STAGE_EXEC:
            error.syscall = "execve \(options.initExecutable)"
        default:
            break
        }
        return error
    }

    static func cloneHint(_ err: Int32, _ kinds: [NamespaceKind]) -> String? {
        switch err {
        case ENOSPC:
            let names = kinds.map { "/proc/sys/user/max_\($0.procName)_namespaces" }.joined(separator: ", ")
            return "a namespace limit is reached (see \(names))"
        case EUSERS: return "user namespaces are nested too deeply"
        case EINVAL: return "this kernel refuses this combination of namespaces"
        case EPERM: return "creating namespaces needs CAP_SYS_ADMIN"
        default: return nil
        }
    }
}
