import Glibc
import Planner
import Spec
import TestSupport
@testable import LinuxSystem
@testable import Runtime

/// A plan with these parent and child actions, numbered in that order.
func makePlan(parent: [ParentAction], child: [ChildAction], spec: ContainerSpec = ContainerSpec(process: .init(args: ["/bin/true"]))) -> Plan {
    let actions = parent.map(Action.parent) + child.map(Action.child)
    return Plan(spec: spec, steps: actions.enumerated().map { Step(number: $0.offset + 1, action: $0.element) })
}

/// What a run printed and how it ended.
struct RunResult {
    var status: Int32?
    var error: StepError?
    var stdout: String
    var stderr: String
}

/// Runs `plan` with the built mydocker as the child, stdout and stderr captured in temporary files.
func runCaptured(_ plan: Plan, onStarted: (@Sendable (Int32) -> Void)? = nil) -> RunResult {
    let out = TempFile(), err = TempFile()
    let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
    defer { close(input) }
    let options = RunOptions(onStarted: onStarted, stdin: input, stdout: out.fd, stderr: err.fd, initExecutable: mydockerBinary)
    var result = RunResult(status: nil, error: nil, stdout: "", stderr: "")
    do {
        result.status = try Executor.run(plan, options: options).shellStatus
    } catch {
        result.error = error
    }
    result.stdout = out.contents()
    result.stderr = err.contents()
    return result
}

/// A pid handed from a background run to the test.
final class PidBox: @unchecked Sendable {
    private var pid: Int32?
    private var lock = pthread_mutex_t()
    private var cond = pthread_cond_t()

    init() {
        pthread_mutex_init(&lock, nil)
        pthread_cond_init(&cond, nil)
    }

    func set(_ value: Int32) {
        pthread_mutex_lock(&lock)
        pid = value
        pthread_cond_broadcast(&cond)
        pthread_mutex_unlock(&lock)
    }

    /// The pid, once set (nil after 10 s: the background run failed).
    func wait() -> Int32? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += 10
        while pid == nil {
            if pthread_cond_timedwait(&cond, &lock, &deadline) != 0 { break }
        }
        return pid
    }
}

/// Runs a plan on its own thread (Executor.run blocks); stop() kills the container and joins the thread.
final class BackgroundRun: @unchecked Sendable {
    private var thread = pthread_t()
    private let plan: Plan
    let started = PidBox()

    init(_ plan: Plan) {
        self.plan = plan
        let box = Unmanaged.passRetained(self)
        pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let run = Unmanaged<BackgroundRun>.fromOpaque(raw).takeRetainedValue()
            let started = run.started
            _ = runCaptured(run.plan, onStarted: { pid in started.set(pid) })
            return nil
        }, box.toOpaque())
    }

    func stop() {
        if let pid = started.wait() { kill(pid, SIGKILL) }
        pthread_join(thread, nil)
    }
}
