import Glibc

/// One container's directory, held open: what apply and the monitor use to record how the container goes.
///
/// Every change is made under the container's lock and written atomically. The directory is held by
/// descriptor, so that once `rm` has removed it a late write fails (the container is gone) instead of
/// landing in a new container of the same name.
public final class ContainerRecord: Sendable {
    public let store: StateStore
    public let name: String
    let fd: Int32

    init(store: StateStore, name: String, fd: Int32) {
        self.store = store
        self.name = name
        self.fd = fd
    }

    deinit {
        StateIO.close(fd)
    }

    public var directory: String { store.directory(of: name) }
    public var logPath: String { "\(directory)/log" }

    /// The state as it is now.
    public func read() throws(ContainerError) -> ContainerState {
        do {
            let bytes = try StateIO.readFileAt(fd, "state", what: "read the state of \(name)")
            return try ContainerState(parsing: String(decoding: bytes, as: UTF8.self))
        } catch let error as StepError {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(error)
        } catch let error as ContainerState.ParseError {
            throw .corruptState(name, reason: "\(directory)/state: \(error)")
        } catch {
            throw .corruptState(name, reason: "\(error)")
        }
    }

    /// Reads, changes and writes the state under the container's lock.
    public func update(_ change: (inout ContainerState) -> Void) throws(ContainerError) {
        let lock: FileLock
        do {
            lock = try FileLock(existingIn: fd, name: ".lock", what: "lock the state of \(name)")
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(error)
        }
        defer { lock.unlock() }
        var state = try read()
        change(&state)
        try write(state)
    }

    /// The process runs: its pid and start time (read now from /proc/PID/stat).
    public func markRunning(pid: Int32) throws(ContainerError) {
        // A process that is already gone keeps start time 0, which no live process has: ps shows it as exited.
        let identity = ProcessIdentity.current(pid: pid) ?? ProcessIdentity(pid: pid, startTime: 0)
        try update { state in
            state.status = .running
            state.process = identity
            state.started = StateIO.now()
        }
    }

    /// It ended with an exit code, or was killed by a signal, or failed with an error.
    public func markExited(code: Int32? = nil, signal: Int32? = nil, error: String? = nil) throws(ContainerError) {
        try update { state in
            state.status = .exited
            state.exitCode = code
            state.signal = signal
            state.error = error
            state.finished = StateIO.now()
            if state.started == nil && error == nil { state.started = state.finished }
        }
    }

    /// It ended with this exit status as apply reports it: a signal N as 128+N.
    public func markExited(exitStatus: Int32) throws(ContainerError) {
        if exitStatus > 128 && exitStatus <= 128 + SignalNames.maxSignal {
            try markExited(signal: exitStatus - 128)
        } else {
            try markExited(code: exitStatus)
        }
    }

    /// Removes the container (it never started): its name is free again.
    public func abandon() {
        try? store.removeDirectory(name)
    }

    // MARK: writing

    func write(_ state: ContainerState) throws(ContainerError) {
        do {
            try StateIO.writeAtomically(fd, "state", Array(state.text.utf8), what: "write the state of \(name)")
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(error)
        }
    }

    /// Fills a new directory: the spec as applied, the log file, the first state. Called before it gets its name.
    func populate(_ request: StateStore.Claim) throws(StepError) {
        let lockFD = try StateIO.openAt(fd, ".lock", O_RDWR | O_CREAT, mode: 0o600, what: "create the state of \(name)")
        StateIO.close(lockFD)
        try StateIO.writeAtomically(fd, "spec", request.specBytes, what: "copy the spec of \(name)")
        if request.detached {
            let logFD = try StateIO.openAt(fd, "log", O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640, what: "create the log of \(name)")
            StateIO.close(logFD)
        }
        let state = ContainerState(
            name: name, status: .created, monitor: request.monitor, created: StateIO.now(),
            specPath: StateStore.absolute(request.specPath), logPath: request.detached ? logPath : nil,
            user: request.user, cwd: request.cwd, env: request.env
        )
        try StateIO.writeAtomically(fd, "state", Array(state.text.utf8), what: "write the state of \(name)")
    }
}
