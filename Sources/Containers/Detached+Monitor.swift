import ContainerLog
import ContainerStore
import Glibc
import LinuxSystem
import Planner
import Runtime
import Spec

extension Detached {
    /// The monitor's whole life (`mydocker monitor NAME`): run the container (again, as its restart policy says),
    /// record it, serve its log and attach socket, report the first start to apply. `passedCount` descriptors from
    /// 4 on are passed to the container (the first `listenCount` socket activation's).
    public static func monitor(store: StateStore, name: String, passedCount: Int = 0, listenCount: Int = 0) -> Int32 {
        let report = MonitorReport(fd: reportFD)
        _ = fcntl(reportFD, F_SETFD, FD_CLOEXEC)
        let passed = PassedDescriptors(descriptors: (0..<Int32(max(0, passedCount))).map { firstPassedFD + $0 },
                                       listenCount: listenCount)
        _ = chdir("/")
        let record: ContainerRecord
        let plan: Plan
        let policy: RestartPolicy
        do throws(ContainerError) {
            record = try store.open(name)
            let me = ProcessIdentity.current(pid: getpid())
            try record.update { $0.monitor = me }
            let state = try record.read()
            policy = state.restart.policy
            let bytes = try store.spec(of: name)
            let loaded = Linter.lint(bytes: bytes, file: state.specPath, baseDirectory: state.specBaseDirectory)
            guard !loaded.hasErrors, var spec = loaded.spec else {
                report.send("failed \(ExitStatus.runtimeFailure) " + DiagnosticText.render(loaded, color: false))
                return 1
            }
            // The command it runs: the spec's, or what `apply SPEC -- CMD` put in its place.
            if !state.args.isEmpty { spec.process.args = state.args }
            plan = Planner.plan(spec)
        } catch {
            report.send("failed \(ExitStatus.runtimeFailure) \(error)\n")
            return 1
        }
        // Signals to the monitor between runs end its restarts (during a run, the run's supervisor takes them
        // and forwards them to the container).
        let signals = try? SignalFD([SIGTERM, SIGINT, SIGHUP])
        let io: MonitorIO
        do {
            io = try MonitorIO(log: LogWriter(appendingTo: record.logPath), terminal: plan.spec.process.terminal, name: name,
                               directory: record.directory, socketName: StateStore.attachSocket)
            try io.start()
        } catch {
            report.send("failed \(ExitStatus.runtimeFailure) start the monitor of \(name): \(error)\n")
            return 1
        }
        defer { io.finish() }
        let runs = MonitorRuns(record: record, plan: plan, io: io, report: report, store: store, passed: passed,
                               keepsPassed: policy != .no, signals: signals)
        return runs.run()
    }
}
