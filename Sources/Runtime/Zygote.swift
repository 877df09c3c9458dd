import CShim
import Glibc
import LinuxSystem
import Planner
import Spec

/// The container's first process, started before the spec is even read: `mydocker init` (as a zygote) re-executes
/// mydocker at once, in the host's namespaces, and waits. Re-executing takes about half a millisecond here (the C
/// library's start, the Swift runtime's), as long as linting the spec and planning it, so the two overlap: once
/// the plan is made, the zygote enters the namespaces the plan creates (unshare, then fork: the fork is the pid
/// namespace's first process), hands the fork's pid back and exits, and the fork, already running mydocker, is the
/// child, reparented to apply (a child subreaper meanwhile). Nothing of the host changes before the plan is
/// carried out: a spec that fails lint gets the zygote killed, its namespaces not yet made.
///
/// Only for what needs no descriptor of the plan's making in the child (``canServe(_:passed:)``): no namespace to
/// join, no terminal, no loop mount, no descriptor passed in. The rest spawns the child as before.
public final class Zygote: @unchecked Sendable {
    /// Its pid, and our ends of the pipes the child keeps (its descriptors 3, 4 and 5) and of the two the zygote is
    /// asked and answers on; each owned here until handed over (-1 then, or once closed).
    let pid: Int32
    private(set) var program: Int32
    private(set) var report: Int32
    private(set) var exitRecord: Int32
    private(set) var request: Int32
    private(set) var reply: Int32
    private var reaped = false
    /// 0 once asked, else the errno of the request's write.
    private var asked: Int32 = EBADF

    /// The variable that makes `mydocker init` a zygote.
    public static let environmentMarker = "MYDOCKER_ZYGOTE"

    /// The zygote's descriptors beside the child's own (md_child_fds.h): the request it reads, the reply it writes.
    static let requestFD: Int32 = 6
    static let replyFD: Int32 = 7

    private init(pid: Int32, program: Int32, report: Int32, exitRecord: Int32, request: Int32, reply: Int32) {
        self.pid = pid
        self.program = program
        self.report = report
        self.exitRecord = exitRecord
        self.request = request
        self.reply = reply
    }

    /// Whether it still waits to be asked.
    var isWaiting: Bool { request >= 0 }

    /// The child's pipes, for the caller to own from now on: the program's write end, the report's and the exit
    /// record's read ends (raw: wrap each in a FileDescriptor).
    func takePipes() -> (program: Int32, report: Int32, exitRecord: Int32) {
        defer { program = -1; report = -1; exitRecord = -1 }
        return (program, report, exitRecord)
    }

    private func close(_ fd: inout Int32) {
        if fd >= 0 { Sys.closeKeepingErrno(fd) }
        fd = -1
    }

    deinit { cancel() }

    /// Starts one with the caller's stdio, or nil when it cannot (then the child is spawned as before).
    public static func start(stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2) -> Zygote? {
        guard let exe = try? FileDescriptor.open("/proc/self/exe", O_RDONLY),
              let program = try? Pipe(), let report = try? Pipe(), let exitRecord = try? Pipe(),
              let request = try? Pipe(), let reply = try? Pipe() else { return nil }
        // `mydocker init` as the child's own command line (its fork is the container's first process, which ps shows),
        // told apart by its environment.
        var spawn = SpawnRequest(arguments: ["mydocker", "init"],
                                 environment: ["SWIFT_BACKTRACE=enable=no,interactive=no,color=no,swift-backtrace=/dev/null",
                                               Self.environmentMarker + "=1"])
        spawn.executable = exe.rawValue
        spawn.descriptors = [stdin, stdout, stderr, program.read.rawValue, report.write.rawValue, exitRecord.write.rawValue,
                             request.read.rawValue, reply.write.rawValue]
        spawn.parentDeathSignal = SIGKILL
        // Its signal dispositions go back to their defaults once it runs (``Executor/zygoteMain()``), beside our lint,
        // rather than here, where apply waits for the spawn: some sixty sigaction(2) calls.
        // On another CPU than ours, where there is one: the scheduler would otherwise keep it on ours, and its start
        // would run after our lint rather than beside it. Its fork takes our affinity back (zygoteMain).
        spawn.cpu = md_other_cpu()
        // Its fork becomes our child when it exits (the fork is what the plan runs).
        guard md_set_child_subreaper(1) == 0, let pid = try? spawn.start() else {
            _ = md_set_child_subreaper(0)
            return nil
        }
        return Zygote(pid: pid, program: program.writeEnd().release(), report: report.readEnd().release(),
                      exitRecord: exitRecord.readEnd().release(), request: request.writeEnd().release(), reply: reply.readEnd().release())
    }

    /// Whether the plan's child can be the zygote's fork: nothing to join, no terminal, no loop mount, nothing passed.
    public static func canServe(_ plan: Plan, passed: PassedDescriptors) -> Bool {
        guard passed.descriptors.isEmpty else { return false }
        return !plan.steps.contains { step in
            switch step.action {
            case .parent(.joinNamespace), .parent(.allocateTerminal), .parent(.attachLoop), .parent(.prepareLoopMount): true
            default: false
            }
        }
    }

    /// What the zygote answers, with the fork's pid or the errno.
    enum Stage: Int32 {
        case forked = 0, unshare = 1, fork = 2, setns = 3
    }

    /// What the zygote is asked, with the namespace flags: to make them and fork (``ask(flags:)``, the last request),
    /// or to make namespaces ahead (``prepareNamespaces(_:)``).
    enum Request: Int32 {
        case fork = 0, prepare = 1
    }

    /// Asks the zygote to enter `flags` and fork; ``answer()`` gives the result, so that the caller can work meanwhile.
    func ask(flags: Int32) {
        asked = send(.fork, flags: flags)
        close(&request)
    }

    /// Asks the zygote to make the namespaces of `flags` now, while the spec is linted, rather than once the plan
    /// is made: a network namespace takes about half a millisecond, the mount, pid, ipc and uts ones together about
    /// a tenth of one, which the container's start no longer waits for. A hint: what the plan turns out not to want, or
    /// everything when it wants a user namespace (which must own the others), the zygote leaves for the host's
    /// again (``Executor/zygoteMain()``).
    public func prepareNamespaces(_ flags: Int32) {
        if flags != 0 { _ = send(.prepare, flags: flags) }
    }

    /// The namespaces the spec's text may ask for, by the words that name them (``SpecHint``): network, mount, pid,
    /// ipc and uts. Never a user namespace, which must own the others and so is made with them, nor a cgroup or time
    /// one, which the child and its spawn make themselves.
    public static func namespacesMentioned(in text: [UInt8]) -> Int32 {
        var flags: Int32 = 0
        for kind in [NamespaceKind.network, .mount, .pid, .ipc, .uts] where SpecHint.mentions(kind.rawValue, in: text) {
            flags |= kind.cloneFlag
        }
        return flags
    }

    /// One request: its kind and the flags. 0, or the write's errno.
    private func send(_ kind: Request, flags: Int32) -> Int32 {
        var words: (Int32, Int32) = (kind.rawValue, flags)
        let target = request
        return target >= 0 ? withUnsafeBytes(of: &words) { Sys.writeAll(target, $0) } : EBADF
    }

    /// The fork's pid, or the call that failed and its errno. The zygote exits once it has answered; the fork
    /// becomes our child then (we are its subreaper until ``reap()``), which need not hold up the run: the caller
    /// reaps it later, off the container's start-up path.
    func answer() -> Result<Int32, SystemError> {
        var answer: (Int32, Int32) = (0, 0)
        let from = reply
        let n = asked != 0 ? -1 : withUnsafeMutableBytes(of: &answer) { b in
            retryingOnInterrupt { read(from, b.baseAddress, 8) }.result
        }
        close(&reply)
        guard n == 8, let stage = Stage(rawValue: answer.0) else {
            reap()
            return .failure(SystemError(call: "ask the zygote for the child", errno: asked != 0 ? asked : EPIPE))
        }
        switch stage {
        case .forked:
            return .success(answer.1)
        case .unshare:
            reap()
            return .failure(SystemError(call: "unshare", errno: answer.1))
        case .fork:
            reap()
            return .failure(SystemError(call: "fork", errno: answer.1))
        case .setns:
            reap()
            return .failure(SystemError(call: "setns(back to a host namespace left ahead of the plan)", errno: answer.1))
        }
    }

    /// Waits for the zygote to end and stops being a subreaper: its fork, if any, is our child from then on. A
    /// zygote never asked is told to go (end of file on its request pipe) first.
    public func reap() {
        guard !reaped else { return }
        reaped = true
        close(&request)
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
        _ = md_set_child_subreaper(0)
    }

    /// Tells it to go when it was not used, and reaps it; closes whatever of ours it still held.
    public func cancel() {
        reap()
        close(&request)
        close(&reply)
        close(&program)
        close(&report)
        close(&exitRecord)
    }
}
