import LinuxSystem
import Spec

/// What the store knows about one named container: the file `<root>/<name>/state`.
public struct ContainerState: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        /// The name is claimed; the process does not run yet.
        case created
        case running
        /// Running, with every process frozen (`mydocker pause`).
        case paused
        case exited
        /// Its process ended and its monitor restarts it, by its restart policy (after a back-off).
        case restarting
    }

    public var name: String
    public var status: Status
    /// The container's process (host pid) and its start time, once it runs.
    public var process: ProcessIdentity?
    /// The detached container's monitor (the re-executed mydocker that waits for the container).
    public var monitor: ProcessIdentity?
    /// How it ended: an exit code, or the signal that killed it.
    public var exitCode: Int32?
    public var signal: Int32?
    /// The SIGKILL came from the kernel's OOM killer; the memory limit it enforced, when the spec set one.
    public var oomKilled: Bool
    public var memoryLimit: Int64?
    /// Why it failed to start or run, in one line.
    public var error: String?
    /// Seconds since the epoch.
    public var created: Int64
    /// The nanoseconds past `created` (the OCI state's `created` has them, as runc's).
    public var createdNanoseconds: Int64 = 0
    public var started: Int64?
    public var finished: Int64?
    /// The spec file as given to apply (absolute), or ``StateStore/standardInputSpec``.
    public var specPath: String
    /// The folder a spec's relative paths resolve against, where the spec's path does not say (one read from
    /// standard input: apply's working directory); nil for a spec file (its folder).
    public var specDirectory: String?
    /// The process's command and arguments as it runs: the spec's `process.args`, or what replaced them
    /// (`apply SPEC -- CMD ARGS...`). Empty in a state written by an older mydocker.
    public var args: [String]
    /// The signal `stop` sends first (the spec's `org.opencontainers.image.stopSignal` annotation); nil: SIGTERM.
    public var stopSignal: Int32?
    /// Where a detached container's stdout and stderr go; nil in the foreground.
    public var logPath: String?
    /// What `exec` uses unless told otherwise: the container process's user, cwd and environment.
    public var user: ContainerSpec.User
    public var cwd: String
    public var env: [String]
    /// The container's cgroup (`/mydocker-box`) and its directory in each hierarchy, once it is made.
    public var cgroup: String?
    public var cgroupDirectories: [String]
    /// What `exec` gives its command besides: the container process's confinement, recorded at the start.
    public var confinement: ProcessConfinement
    /// A detached container's restart policy, how many restarts so far, and whether the user ended it.
    public var restart: RestartState
    /// The OCI bundle (absolute) of a container made by the OCI runtime commands (`create`, `run`): it has no
    /// monitor, its process is the spec's own, and it waits for `start` while a start socket is in its folder.
    /// nil for one made by `apply`.
    public var bundle: String?
    /// An OCI container without a mount namespace of its own makes its mounts in the host's mount table (as runc):
    /// its root (resolved) and the IDs of the mounts below it before it ran. `delete` unmounts what was added there.
    public var hostMountRoot: String?
    public var hostMountBaseline: [Int] = []

    public init(
        name: String, status: Status = .created, process: ProcessIdentity? = nil, monitor: ProcessIdentity? = nil,
        exitCode: Int32? = nil, signal: Int32? = nil, error: String? = nil,
        created: Int64, started: Int64? = nil, finished: Int64? = nil,
        specPath: String, logPath: String? = nil,
        user: ContainerSpec.User = ContainerSpec.User(), cwd: String = "/", env: [String] = [],
        cgroup: String? = nil, cgroupDirectories: [String] = [], oomKilled: Bool = false, memoryLimit: Int64? = nil,
        confinement: ProcessConfinement = ProcessConfinement(), restart: RestartState = RestartState(),
        specDirectory: String? = nil, args: [String] = [], stopSignal: Int32? = nil, bundle: String? = nil
    ) {
        self.bundle = bundle
        self.confinement = confinement
        self.restart = restart
        self.specDirectory = specDirectory
        self.args = args
        self.stopSignal = stopSignal
        self.oomKilled = oomKilled
        self.memoryLimit = memoryLimit
        self.cgroup = cgroup
        self.cgroupDirectories = cgroupDirectories
        self.name = name
        self.status = status
        self.process = process
        self.monitor = monitor
        self.exitCode = exitCode
        self.signal = signal
        self.error = error
        self.created = created
        self.started = started
        self.finished = finished
        self.specPath = specPath
        self.logPath = logPath
        self.user = user
        self.cwd = cwd
        self.env = env
    }
}

extension ContainerState {
    /// Made by the OCI runtime commands (``bundle``), not by apply.
    public var isOCI: Bool { bundle != nil }

    /// The folder the spec's relative paths resolve against: ``specDirectory``, else the spec file's folder.
    public var specBaseDirectory: String {
        if let specDirectory { return specDirectory }
        let folder = specPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return folder.isEmpty ? "/" : folder
    }

    /// How the process ended, when that is recorded.
    public var exit: ProcessExit? {
        if let signal { return .signaled(signal) }
        return exitCode.map { .exited($0) }
    }
}
