import ContainerStore
import Glibc
import LinuxSystem
import Planner
import Runtime

/// A detached container's runs, one after the other as its restart policy says, each cleaned up (mounts, loop
/// devices, cgroup, terminal: ``Executor/run(_:options:)``'s clean-up) before the next one starts.
final class MonitorRuns {
    let record: ContainerRecord
    let plan: Plan
    let io: MonitorIO
    let report: MonitorReport
    let store: StateStore
    /// The descriptors passed to the container: to its first run only, unless `keepsPassed`, when each run gets
    /// copies of them (the monitor keeps them open meanwhile).
    let passed: PassedDescriptors
    let keepsPassed: Bool
    let signals: SignalFD?
    var backoff = RestartBackoff()

    init(record: ContainerRecord, plan: Plan, io: MonitorIO, report: MonitorReport, store: StateStore,
         passed: PassedDescriptors, keepsPassed: Bool, signals: SignalFD?) {
        self.record = record
        self.plan = plan
        self.io = io
        self.report = report
        self.store = store
        self.passed = passed
        self.keepsPassed = keepsPassed
        self.signals = signals
    }

    /// How one run ended.
    enum Outcome {
        /// Its process ran and ended as `exit`, `ran` milliseconds after it started.
        case ended(ProcessExit, ran: Int64)
        /// A step failed before its process ran.
        case failed(StepError)
    }

    /// Runs until the container is over: the monitor's exit status.
    func run() -> Int32 {
        var first = true
        while true {
            switch runOnce(first: first) {
            case let .failed(error):
                guard report.sent else {
                    report.send("failed \(error.exitStatus(in: plan)) \(error.described(in: plan))\n")
                    return 1
                }
                _ = try? record.markExited(error: error.described(in: plan))
                return 1
            case let .ended(exit, ran):
                guard (try? record.markRunEnded(exit)) == true else { return 0 }
                guard waitBeforeRestart(milliseconds: backoff.next(afterRunOf: ran)) else {
                    _ = try? record.endRestarts()
                    return 0
                }
                guard (try? record.beginRestart()) == true else { return 0 }
            }
            first = false
        }
    }

    /// One run of the plan, its output into the log.
    func runOnce(first: Bool) -> Outcome {
        let clock = RunClock()
        let record = record, io = io, report = report
        var options = RunOptions(onStarted: { pid in
            let endedMeanwhile = (try? record.markRunning(pid: pid)) ?? false
            clock.started = Clock.monotonicMilliseconds()
            io.runStarted(pid: pid)
            report.send("started \(pid)\n")
            // The user ended it while this run was being set up: it ends now.
            if endedMeanwhile { kill(pid, SIGKILL) }
        })
        options.stdin = io.terminal ? io.runStdin : 0
        options.stdout = io.runStdout
        options.stderr = io.runStderr
        options.onTerminal = { master in io.terminalOpened(master: master) }
        options.containerName = record.name
        options.seccompCache = store.seccompCache
        options.networkRoot = store.root
        options.onCgroup = { path, directories in _ = try? record.recordCgroup(path, directories: directories) }
        options.onSeccompProgram = { bytes, flags in _ = try? record.recordSeccomp(bytes, flags: flags) }
        options.onOOMKilled = { limit in _ = try? record.markOOMKilled(memoryLimit: limit) }
        options.passed = passedDescriptors(first: first)
        do {
            let exit = try Executor.run(plan, options: options)
            io.runEnded(exit)
            let now = Clock.monotonicMilliseconds()
            return .ended(exit, ran: now - (clock.started ?? now))
        } catch {
            if report.sent { _ = Sys.writeAll(io.runStderr, Array("mydocker: restart \(record.name): \(error)\n".utf8)) }
            io.runEnded(nil)
            return .failed(error)
        }
    }

    /// What this run passes to the container: the descriptors themselves the first time (closed once it holds
    /// them), copies each time when runs may follow, nothing after a first run that was given them.
    func passedDescriptors(first: Bool) -> PassedDescriptors {
        guard !passed.isEmpty else { return passed }
        guard keepsPassed else { return first ? passed : PassedDescriptors() }
        let copies = passed.descriptors.map { fcntl($0, F_DUPFD_CLOEXEC, 0) }
        return PassedDescriptors(descriptors: copies.filter { $0 >= 0 }, listenCount: passed.listenCount)
    }

    /// The back-off before a restart; false when a signal told the monitor to stop meanwhile.
    func waitBeforeRestart(milliseconds: Int64) -> Bool {
        let deadline = Clock.monotonicMilliseconds() + milliseconds
        while true {
            let left = deadline - Clock.monotonicMilliseconds()
            if left <= 0 { return true }
            var fds = pollfd(fd: signals?.rawValue ?? -1, events: Int16(POLLIN), revents: 0)
            let n = poll(&fds, 1, Int32(clamping: left))
            if n > 0, signals?.next() != nil { return false }
        }
    }
}

/// When the current run's process started (monotonic milliseconds), set from the run's callback.
final class RunClock: @unchecked Sendable {
    // Written and read on the monitor's main thread only: Executor.run calls onStarted synchronously.
    var started: Int64?
}
