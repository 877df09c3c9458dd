import CShim
import ContainerStore
import Glibc
import LinuxSystem
import Planner
import Runtime
import Spec

/// `mydocker apply SPEC --detach`: the container runs under a monitor, this binary re-executed as the hidden
/// `mydocker monitor NAME` in its own session and not our child (a double fork), with stdin from /dev/null and
/// stdout and stderr to `<root>/<name>/log` (for what it might print as it dies; the container's output goes there
/// as records, through the monitor: ``MonitorIO``). The monitor runs the plan in the foreground, records the
/// container's pid once it runs and how it ends, restarts it by its restart policy, serves `attach`, and reports the
/// first start (or why it failed) to apply over a pipe.
public enum Detached {
    /// The hidden subcommand that runs a monitor.
    public static let monitorCommand = "monitor"
    /// The monitor's descriptor for its report to apply.
    static let reportFD: Int32 = 3
    /// The monitor's first passed descriptor (``PassedDescriptors``), after the report.
    static let firstPassedFD: Int32 = 4

    /// Claims the name (made up when nil), starts the monitor, and returns once the container's process runs.
    /// The `passed` descriptors reach the container through the monitor (its descriptors 4, 5, …); the monitor
    /// restarts the container as `restart` says.
    public static func start(
        specPath: String, name: String?, store: StateStore, loaded: LoadResult, executable: String = "/proc/self/exe",
        passed: PassedDescriptors = PassedDescriptors(), restart: RestartPolicy = .no
    ) throws(ContainerError) -> (name: String, pid: Int32) {
        guard let spec = loaded.spec else { throw .startFailed(name ?? "?", reason: "the spec has errors") }
        var claim = StateStore.Claim(name: name, specPath: specPath, specBytes: loaded.source, spec: spec, detached: true)
        claim.restartPolicy = restart
        let record = try store.claim(claim)
        do throws(ContainerError) {
            return (record.name, try startMonitor(record, store: store, executable: executable, passed: passed))
        } catch {
            record.abandon()
            throw error
        }
    }

    /// Starts the monitor of `record` and waits for its report: the container's pid once its process runs. A
    /// failure is thrown as ``ContainerError/startFailed(_:reason:)`` once the monitor has ended, so that nothing
    /// of it is left.
    static func startMonitor(_ record: ContainerRecord, store: StateStore, executable: String,
                             passed: PassedDescriptors = PassedDescriptors()) throws(ContainerError) -> Int32 {
        let (monitor, report) = try spawnMonitor(record, store: store, executable: executable, passed: passed)
        let answer = String(decoding: (try? FileDescriptor(owning: report).readAll()) ?? [], as: UTF8.self)
        if answer.hasPrefix("started "), let pid = Int32(answer.dropFirst(8).prefix { $0 != "\n" }) {
            return pid
        }
        // It failed: let it finish, so that nothing of it is left.
        if let monitor { try? StateStore.wait(for: monitor, name: record.name) }
        // `failed STATUS REASON`: the status apply exits with (``StepError/exitStatus(in:)``), then why.
        if answer.hasPrefix("failed ") {
            let rest = answer.dropFirst(7)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let status = Int32(digits) ?? ExitStatus.runtimeFailure
            throw ContainerError.startFailed(record.name, reason: String(rest.dropFirst(digits.count + 1)).trimmingNewlines(),
                                             status: status)
        }
        let log = Sys.readFile(record.logPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        throw ContainerError.startFailed(record.name, reason: "its monitor ended without a word"
            + (log.isEmpty ? "" : "; its log says: " + log.trimmingNewlines()))
    }

    /// Starts `mydocker monitor --root ROOT [--passed-fds N --listen-fds M] NAME`; returns its identity and the read
    /// end of its report pipe.
    static func spawnMonitor(_ record: ContainerRecord, store: StateStore, executable: String,
                             passed: PassedDescriptors = PassedDescriptors()) throws(ContainerError) -> (ProcessIdentity?, Int32) {
        let what = "start the monitor of \(record.name)"
        func opening<T: ~Copyable>(_ body: () throws(SystemError) -> T) throws(ContainerError) -> T {
            do { return try body() } catch { throw .system(what: what, error) }
        }
        let report = try opening { () throws(SystemError) in try Pipe() }
        let log = try opening { () throws(SystemError) in try FileDescriptor.open(record.logPath, O_WRONLY | O_APPEND) }
        let null = try opening { () throws(SystemError) in try FileDescriptor.open("/dev/null", O_RDONLY) }
        let passing = passed.isEmpty ? [] : ["--passed-fds", "\(passed.descriptors.count)", "--listen-fds", "\(passed.listenCount)"]
        var request = SpawnRequest(
            arguments: ["mydocker", monitorCommand, "--root", store.root] + passing + [record.name],
            environment: Sys.environment()
        )
        request.candidates = [executable]
        // stdin from /dev/null, stdout and stderr to the log, the report pipe as descriptor 3, the passed
        // descriptors from 4 on, nothing else.
        request.descriptors = [null.rawValue, log.rawValue, log.rawValue, report.write.rawValue] + passed.descriptors
        request.detach = true
        request.resetSignalHandlers = true  // a daemon starts like a fresh process, whatever its starter ignored
        let pid: Int32
        do {
            pid = try request.start()
        } catch {
            var failure = error.systemError
            if error.stage == MD_SPAWN_STAGE_EXEC { failure.call = "execve \(executable)" }
            throw .system(what: what, failure)
        }
        return (ProcessIdentity.current(pid: pid), report.readEnd().release())
    }
}

/// The monitor's one message to apply; the pipe closes once it is sent.
final class MonitorReport: @unchecked Sendable {
    // Used from the monitor's one thread: Executor.run calls onStarted synchronously.
    private var pipe: FileDescriptor?
    private(set) var sent = false

    init(fd: Int32) {
        pipe = FileDescriptor(owning: fd)
    }

    func send(_ text: String) {
        guard !sent, let fd = pipe?.rawValue else { return }
        sent = true
        _ = Sys.writeAll(fd, Array(text.utf8))
        pipe = nil
    }
}

/// One line on stderr (the monitor's is the container's log).
enum StateConsoleLine {
    static func error(_ text: String) {
        _ = Sys.writeAll(2, Array(text.utf8))
    }
}

extension String {
    fileprivate func trimmingNewlines() -> String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
