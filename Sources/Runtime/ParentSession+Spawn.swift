import CShim
import Glibc
import LinuxSystem
import Planner
import Spec

extension ParentSession {
    /// clone(2) the child into `kinds` (after joining the opened namespaces), re-executing mydocker as
    /// `mydocker init` with the program pipe on its descriptor 3 and the report pipe on 4.
    func spawn(kinds: [NamespaceKind], step: Step?) throws(StepError) {
        func failure(_ call: String, _ err: Int32, hint: String? = nil) -> StepError {
            StepError(step: step?.number, what: step.map(describe) ?? "clone(no new namespaces)", syscall: call, errno: err, hint: hint)
        }

        try guardHost(kinds: kinds)
        let exe = retryingOnInterrupt { open(options.initExecutable, O_RDONLY | O_CLOEXEC) }.result
        if exe < 0 {
            let err = errno
            throw failure("open \(options.initExecutable)", err)
        }
        defer { close(exe) }
        var program: [Int32] = [-1, -1]
        var report: [Int32] = [-1, -1]
        if md_pipe_cloexec(&program) != 0 {
            let err = errno
            throw failure("pipe2", err)
        }
        if md_pipe_cloexec(&report) != 0 {
            let err = errno
            close(program[0]); close(program[1])
            throw failure("pipe2", err)
        }
        programFD = program[1]
        reportFD = report[0]
        func makePipe() throws(StepError) -> Pipe {
            do {
                return try Pipe()
            } catch {
                close(program[0]); close(report[1])
                throw failure("pipe2", error.errno)
            }
        }
        let exitPipe = try makePipe()

        // Descriptors the child inherits from 5 on: the detached mounts, by mount index.
        var passFDs: [Int32] = []
        for (index, mount) in detached.sorted(by: { $0.key < $1.key }) {
            detachedInChild[index] = Int32(MD_CHILD_FIRST_PASSED_FD) + Int32(passFDs.count)
            passFDs.append(mount.fd)
        }
        let stdio: [Int32] = pty.map { [$0.slave, $0.slave, $0.slave] } ?? [options.stdin, options.stdout, options.stderr]
        let flags = kinds.filter { $0 != .time }.reduce(Int32(0)) { $0 | $1.cloneFlag }
        let keepCaps = kinds.contains(.user) || joins.contains { $0.kind == .user }
        let joinFDs = joins.map(\.fd)
        let joinTypes = joins.map(\.kind.cloneFlag)
        let joinSteps = joins.map { UInt32(clamping: $0.step) }
        let argv = CStringArray(["mydocker", "init"])
        // The container's environment travels in the program; the child's own holds only the Swift runtime's
        // crash-handler settings. A static mydocker has no swift-backtrace beside it, so the handler could print
        // nothing, yet looking for one (and asking whether stdio are terminals) costs a dozen system calls at
        // every start. Naming a path skips the search; `enable=no` means it is never used.
        let envp = CStringArray(["SWIFT_BACKTRACE=enable=no,interactive=no,color=no,swift-backtrace=/dev/null"])

        let pid = withExtendedLifetime((argv, envp)) { passFDs.withUnsafeBufferPointer { pass in
            joinFDs.withUnsafeBufferPointer { jfds in
                joinTypes.withUnsafeBufferPointer { jtypes in
                    joinSteps.withUnsafeBufferPointer { jsteps in
                        var config = md_spawn_config(
                            exe_fd: exe, argv: argv.pointers, envp: envp.pointers, clone_flags: flags,
                            unshare_time: kinds.contains(.time) ? 1 : 0, keep_caps: keepCaps ? 1 : 0,
                            stdio: (stdio[0], stdio[1], stdio[2]), program_fd: program[0], report_fd: report[1],
                            exit_fd: exitPipe.write.rawValue,
                            pass_fds: pass.baseAddress, pass_count: Int32(pass.count),
                            join_fds: jfds.baseAddress, join_types: jtypes.baseAddress, join_steps: jsteps.baseAddress,
                            join_count: Int32(jfds.count), spawn_step: UInt32(clamping: step?.number ?? 0),
                            parent_pid: getpid())
                        return md_spawn(&config)
                    }
                }
            }
        } }
        let spawnErrno = errno
        close(program[0])
        close(report[1])
        exitRecord = exitPipe.readEnd()  // the child has its own copy of the write end now
        // The child has its own copies now.
        if let pty, pty.slave >= 0 {
            close(pty.slave)
            self.pty = (pty.master, -1)
        }
        releaseMountResources()
        for join in joins { close(join.fd) }
        joins = []

        if pid < 0 { throw failure("clone", spawnErrno, hint: Self.cloneHint(spawnErrno, kinds)) }
        if pid == 0 {
            // The intermediate process failed to join a namespace, or to clone: its record says which.
            throw readFailure() ?? failure("clone", 0, hint: "the intermediate process ended without a report")
        }
        child = pid
        pidfd = md_pidfd_open(pid)
        if pidfd < 0 {
            let err = errno
            throw failure("pidfd_open", err)
        }
    }

    /// A failure record from the report pipe, or nil at end of file; step descriptions filled in from the plan.
    func readFailure() -> StepError? {
        guard let bytes = Sys.readAll(reportFD), !bytes.isEmpty else { return nil }
        guard let record = FailureRecord.decode(bytes) else {
            return StepError(what: "start the container", hint: "internal error: the child sent an unreadable failure report")
        }
        if let number = record.step, let step = plan.steps.first(where: { $0.number == number }) {
            return fill(record, step: step)
        }
        return record
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
