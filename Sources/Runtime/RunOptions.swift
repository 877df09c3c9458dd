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

    public init(onStarted: (@Sendable (Int32) -> Void)? = nil, stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2,
                initExecutable: String = "/proc/self/exe") {
        self.onStarted = onStarted
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.initExecutable = initExecutable
    }
}
