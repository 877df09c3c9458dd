import Glibc
import LinuxSystem
import Spec

/// A container's status as `ps` shows it: the recorded state checked against the live process table,
/// so that a container whose process died while nobody watched is not shown as running.
public enum ObservedStatus: Sendable, Equatable {
    /// Its name is claimed and its monitor is starting it.
    case created
    case running
    /// Running, every process frozen.
    case paused
    case exited(code: Int32)
    case killed(signal: Int32)
    /// Killed by the kernel's OOM killer, under this memory limit (nil: none was set).
    case oomKilled(memoryLimit: Int64?)
    /// It could not start or run: why, in one line.
    case failed(String)
    /// Its process ended (as recorded, when it is) and its monitor restarts it by its restart policy.
    case restarting(ProcessExit?)
    /// Recorded as running (or starting), but its process is gone and nobody recorded how it ended.
    case lost

    public init(_ state: ContainerState, isAlive: (ProcessIdentity) -> Bool = { $0.isAlive() }) {
        switch state.status {
        case .created:
            // Made by `create`: no monitor, its process waits for `start`.
            let waiting = state.monitor ?? (state.isOCI ? state.process : nil)
            self = waiting.map(isAlive) == true ? .created : .lost
        case .running:
            self = state.process.map(isAlive) == true ? .running : .lost
        case .paused:
            self = state.process.map(isAlive) == true ? .paused : .lost
        case .restarting:
            // While its monitor lives; a monitor gone meanwhile leaves how the last run ended.
            if state.monitor.map(isAlive) == true {
                self = .restarting(state.exit)
            } else {
                self = ObservedStatus(ended: state)
            }
        case .exited:
            self = ObservedStatus(ended: state)
        }
    }

    /// How a run that is over ended, as recorded.
    init(ended state: ContainerState) {
        if let error = state.error {
            self = .failed(error)
        } else if let signal = state.signal {
            self = state.oomKilled && signal == SIGKILL ? .oomKilled(memoryLimit: state.memoryLimit) : .killed(signal: signal)
        } else if let code = state.exitCode {
            self = .exited(code: code)
        } else {
            self = .lost
        }
    }

    /// How `exit` reads as a status (`exited 1`, `killed by SIGTERM`).
    init(exit: ProcessExit) {
        switch exit {
        case let .exited(code): self = .exited(code: code)
        case let .signaled(signal): self = .killed(signal: signal)
        }
    }

    /// Running, or about to: `kill` and `rm` treat it as live.
    public var isLive: Bool {
        switch self {
        case .created, .running, .paused, .restarting: true
        default: false
        }
    }

    public var isRunning: Bool { self == .running }

    /// Running or paused: its process is there.
    public var hasProcess: Bool { self == .running || self == .paused }

    /// As the STATUS column prints it: `running`, `exited 0`, `killed by SIGKILL`, `exited (unknown status)`,
    /// `restarting (exited 1)`.
    public var text: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .paused: "paused"
        case let .exited(code): "exited \(code)"
        case let .killed(signal): "killed by \(SignalNames.name(of: signal))"
        case let .oomKilled(limit): "killed by the OOM killer (" + (limit.map { "memory limit " + ByteSize.text($0) } ?? "no memory limit") + ")"
        case .failed: "failed"
        case .lost: "exited (unknown status)"
        case let .restarting(exit): exit.map { "restarting (" + ObservedStatus(exit: $0).text + ")" } ?? "restarting"
        }
    }

    /// The OCI runtime spec's status (`state`, `list`): `created`, `running`, `paused`, or `stopped` for every way a
    /// run can be over. A container between two runs of its restart policy has no process: `stopped`.
    public var ociStatus: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .paused: "paused"
        case .exited, .killed, .oomKilled, .failed, .lost, .restarting: "stopped"
        }
    }

    /// A word for tools (`ps --format json`).
    public var keyword: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .paused: "paused"
        case .exited, .killed, .oomKilled, .lost: "exited"
        case .failed: "failed"
        case .restarting: "restarting"
        }
    }

    /// Docker's state word, which `ps --filter status=` matches: `created`, `restarting`, `running`, `paused` or
    /// `exited` (a container that failed to start, or whose end nobody recorded, has exited too).
    public var dockerState: String {
        switch self {
        case .created: "created"
        case .restarting: "restarting"
        case .running: "running"
        case .paused: "paused"
        case .exited, .killed, .oomKilled, .failed, .lost: "exited"
        }
    }

    /// The exit code `wait` prints and `inspect` shows, as docker reports it: the process's exit code, 128+N when
    /// signal N killed it (137 for the OOM killer), 125 when mydocker failed to start or run it (apply's status for
    /// that), and 255 when nobody recorded how it ended (docker's code for a container whose end its daemon
    /// missed); between two runs, how the last one ended; nil while its process runs or before it first does.
    public var exitStatus: Int32? {
        switch self {
        case .created, .running, .paused: nil
        case let .restarting(exit): exit?.shellStatus
        case let .exited(code): code
        case let .killed(signal): 128 + signal
        case .oomKilled: 128 + SIGKILL
        case .failed: 125
        case .lost: 255
        }
    }
}
