import Glibc
import LinuxSystem

/// One container's directory, held open: what apply and the monitor use to record how the container goes.
///
/// Every change is made under the container's lock and written atomically. The directory is held by
/// descriptor, so that once `rm` has removed it a late write fails (the container is gone) instead of
/// landing in a new container of the same name.
public final class ContainerRecord: Sendable {
    public let store: StateStore
    public let name: String
    let directoryFD: FileDescriptor

    init(store: StateStore, name: String, directory: consuming FileDescriptor) {
        self.store = store
        self.name = name
        self.directoryFD = directory
    }

    public var directory: String { store.directory(of: name) }
    public var logPath: String { "\(directory)/log" }

    /// The state as it is now.
    public func read() throws(ContainerError) -> ContainerState {
        let bytes: [UInt8]
        do {
            bytes = try directoryFD.open("state", O_RDONLY).readAll()
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "read the state of \(name)", error)
        }
        do {
            return try ContainerState(parsing: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .corruptState(name, reason: "\(directory)/state: \(error)")
        }
    }

    /// Reads, changes and writes the state under the container's lock; what `change` returns. A change that throws
    /// writes nothing.
    @discardableResult
    public func update<Result>(_ change: (inout ContainerState) throws(ContainerError) -> Result) throws(ContainerError) -> Result {
        let lock: FileLock
        do {
            lock = try FileLock(".lock", in: directoryFD, existing: true)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "lock the state of \(name)", error)
        }
        defer { lock.unlock() }
        var state = try read()
        let result = try change(&state)
        try write(state)
        return result
    }

    /// The process runs: its pid and start time (read now from /proc/PID/stat); how a previous run ended is
    /// forgotten. Returns whether the user ended the container while its monitor was restarting it (the monitor
    /// then ends this run at once: see ``RestartState/cancelled``).
    @discardableResult
    public func markRunning(pid: Int32) throws(ContainerError) -> Bool {
        // A process that is already gone keeps start time 0, which no live process has: ps shows it as exited.
        let identity = ProcessIdentity.current(pid: pid) ?? ProcessIdentity(pid: pid, startTime: 0)
        return try update { state in
            state.status = .running
            state.process = identity
            state.started = Clock.now()
            state.finished = nil
            state.exitCode = nil
            state.signal = nil
            state.error = nil
            state.oomKilled = false
            state.memoryLimit = nil
            return state.restart.cancelled && state.restart.count > 0
        }
    }

    /// It ended with an exit code, or was killed by a signal, or failed with an error.
    public func markExited(code: Int32? = nil, signal: Int32? = nil, error: String? = nil) throws(ContainerError) {
        try update { state in
            state.status = .exited
            state.exitCode = code
            state.signal = signal
            state.error = error
            state.finished = Clock.now()
            if state.started == nil && error == nil { state.started = state.finished }
        }
    }

    /// The kernel's OOM killer ended it, under `memoryLimit` (nil: the spec set none).
    public func markOOMKilled(memoryLimit: Int64?) throws(ContainerError) {
        try update { state in
            state.oomKilled = true
            state.memoryLimit = memoryLimit
        }
    }

    /// Its cgroup is made: the path and its directory in each hierarchy (for `kill`, `rm`, `pause`).
    public func recordCgroup(_ path: String, directories: [String]) throws(ContainerError) {
        try update { state in
            state.cgroup = path
            state.cgroupDirectories = directories
        }
    }

    /// Its mounts go to the host's mount table: the mounts below `root` before it made any (``ContainerState/hostMountRoot``).
    public func recordHostMounts(root: String, baseline: [Int]) throws(ContainerError) {
        try update { state in
            state.hostMountRoot = root
            state.hostMountBaseline = baseline
        }
    }

    /// It ended as `exit` says: an exit code (even one above 128) or a signal, never one taken for the other.
    public func markExited(_ exit: ProcessExit) throws(ContainerError) {
        switch exit {
        case let .exited(code): try markExited(code: code)
        case let .signaled(signal): try markExited(signal: signal)
        }
    }

    /// The container's process, as soon as it exists (`create`: recorded before it is started, so that a `create`
    /// killed meanwhile leaves a container `delete --force` finds).
    public func recordProcess(pid: Int32) throws(ContainerError) {
        let identity = ProcessIdentity.current(pid: pid) ?? ProcessIdentity(pid: pid, startTime: 0)
        try update { state in state.process = identity }
    }

    /// `start` let the created container's process go on.
    public func markStarted() throws(ContainerError) {
        try update { state in
            if state.status == .created { state.status = .running }
            state.started = Clock.now()
        }
    }

    /// A listening socket named `name` in the container's folder (`create`'s start socket).
    public func listen(at name: String) throws(SystemError) -> FileDescriptor {
        try UnixSocket.listen(at: name, in: directoryFD, backlog: 4)
    }

    /// Whether the container's folder holds `name`.
    public func holds(_ name: String) -> Bool {
        faccessat(directoryFD.rawValue, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// Removes `name` from the container's folder, if it is there.
    public func removeFile(_ name: String) {
        _ = unlinkat(directoryFD.rawValue, name, 0)
    }

    /// Removes the container (it never started): its name is free again.
    public func abandon() {
        try? store.removeDirectory(name)
    }

    // MARK: writing

    func write(_ state: ContainerState) throws(ContainerError) {
        do {
            try Directory.replaceAtomically("state", in: directoryFD, with: Array(state.text.utf8))
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "write the state of \(name)", error)
        }
    }

    /// Fills a new directory: the spec as applied, the log file, the first state. Called before it gets its name.
    func populate(_ request: StateStore.Claim) throws(ContainerError) {
        func step(_ what: String, _ body: () throws(SystemError) -> Void) throws(ContainerError) {
            do { try body() } catch { throw .system(what: what, error) }
        }
        try step("create the state of \(name)") { () throws(SystemError) in
            _ = try directoryFD.open(".lock", O_RDWR | O_CREAT, mode: 0o600)
        }
        try step("copy the spec of \(name)") { () throws(SystemError) in
            try Directory.replaceAtomically("spec", in: directoryFD, with: request.specBytes)
        }
        if request.detached {
            try step("create the log of \(name)") { () throws(SystemError) in
                _ = try directoryFD.open("log", O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640)
            }
        }
        let fromInput = request.specPath == StateStore.standardInputSpec
        let now = Clock.preciseNow()
        var state = ContainerState(
            name: name, status: .created, monitor: request.monitor, created: now.seconds,
            specPath: fromInput ? request.specPath : StateStore.absolute(request.specPath), logPath: request.detached ? logPath : nil,
            user: request.user, cwd: request.cwd, env: request.env, confinement: request.confinement,
            restart: RestartState(policy: request.restartPolicy), specDirectory: request.specDirectory, args: request.args,
            stopSignal: try StopSignal.parse(request.stopSignalName), bundle: request.bundle
        )
        state.createdNanoseconds = now.nanoseconds
        try write(state)
    }
}
