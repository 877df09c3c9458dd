import LinuxSystem
import Mounts

/// How ``Executor/run(_:options:)`` connects the container to the caller.
public struct RunOptions: Sendable {
    /// Called with the container's pid (in the caller's pid namespace) once its process runs (execve succeeded).
    public var onStarted: (@Sendable (Int32) -> Void)?
    /// The container's stdio, as descriptors of the caller. With `process.terminal` the container gets a
    /// pseudo-terminal instead, and these are the ends apply copies from and to.
    public var stdin: Int32
    public var stdout: Int32
    public var stderr: Int32
    /// The mydocker binary the child re-executes as `mydocker init`. /proc/self/exe when the caller is mydocker;
    /// tests and other hosts of the library name the built binary.
    public var initExecutable: String
    /// The container's name: its cgroup is `/mydocker-<name>` when the spec gives no `linux.cgroupsPath`. nil for
    /// a run without a name (`apply-<pid of apply>`).
    public var containerName: String?
    /// Called with the cgroup's path and its directory in each hierarchy once it is made (the state store records
    /// them, so that `kill`, `rm` and `pause` find it).
    public var onCgroup: (@Sendable (String, [String]) -> Void)?
    /// A ``Zygote`` started before the spec was linted, to be the child when the plan allows (``Zygote/canServe(_:passed:)``).
    public var zygote: Zygote?
    /// Where compiled seccomp programs are kept by content (``SeccompCache``): the state root's `.seccomp` folder.
    /// nil compiles the profile at every start.
    public var seccompCache: String?
    /// Called with the compiled seccomp program (bytes and flags) before the process runs, when the spec has one
    /// (the state store records it, so that `exec` installs it in its commands too).
    public var onSeccompProgram: (@Sendable ([UInt8], UInt32) -> Void)?
    /// Called with the master of the container's pseudo-terminal (process.terminal) once it is there (before the
    /// process runs, or as it starts when the terminal comes from the container's own devpts). Not handed over: it is closed when the run ends, so a caller that keeps it dups it (a detached
    /// container's monitor sets the terminal's size from it when an attached terminal's changes).
    public var onTerminal: (@Sendable (Int32) -> Void)?
    /// Called once the process is gone when the kernel's OOM killer killed it (the memory limit of the spec, if any).
    public var onOOMKilled: (@Sendable (Int64?) -> Void)?
    /// The caller's descriptors that become 3, 4, … in the container's process (`--preserve-fds`, socket
    /// activation's LISTEN_FDS). Nothing else of the caller's but the stdio above crosses. They are closed in the
    /// caller once the container's first process holds them.
    public var passed = PassedDescriptors()
    /// Whether the container gets a new session keyring of its own, named after it (runc's default); false keeps
    /// the caller's (`create --no-new-keyring`).
    public var newSessionKeyring = true
    /// `create --no-pivot`: into the root by MS_MOVE and chroot instead of pivot_root, as runc's flag does.
    public var noPivot = false
    /// Set for an OCI bundle (`create`, `run`) whose config has a root but no mount namespace: its mounts are made in
    /// the host's mount table and the root is entered by chroot, as runc does, instead of being refused. Called,
    /// before the child exists, with the mounts below the root then (``HostMounts``), so that the caller records
    /// them and whatever the run adds there is unmounted by `delete`; a run that fails unmounts it itself.
    public var onHostMounts: (@Sendable (HostMounts) -> Void)?
    /// `mydocker create`'s start socket (a listener, the caller's): the child waits on it before the user's process
    /// (``Executor/create(_:options:)``). nil for a run that goes straight on.
    public var startSocket: Int32?
    /// Where the master of the container's pseudo-terminal goes, over SCM_RIGHTS, once the container is created
    /// (`create --console-socket`, an AF_UNIX stream socket's path).
    public var consoleSocketPath: String?
    /// Called with the child's pid as soon as it exists (before any of its steps), so that a caller that may be
    /// killed meanwhile has it recorded.
    public var onChild: (@Sendable (Int32) -> Void)?
    /// The state root whose `.networks` folder holds networks, leases and each run's network folder (a spec's
    /// `network` section); the state store's root.
    public var networkRoot = "/run/mydocker"

    public init(onStarted: (@Sendable (Int32) -> Void)? = nil, stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2,
                initExecutable: String = "/proc/self/exe", containerName: String? = nil,
                onCgroup: (@Sendable (String, [String]) -> Void)? = nil, onOOMKilled: (@Sendable (Int64?) -> Void)? = nil) {
        self.containerName = containerName
        self.onCgroup = onCgroup
        self.onOOMKilled = onOOMKilled
        self.onStarted = onStarted
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.initExecutable = initExecutable
    }
}
