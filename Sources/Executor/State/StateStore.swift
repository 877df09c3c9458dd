import Glibc
import Spec

/// Where named containers are recorded: one directory per name under the root (`/run/mydocker`).
///
/// `<root>/<name>/` holds `state` (see ``ContainerState``), `spec` (the spec file's bytes as applied),
/// `log` (a detached container's output) and `.lock`. A directory appears complete (built as `.new-<name>`
/// and renamed) and disappears at once (renamed to `.rm-<name>` and deleted), both under `<root>/.lock`.
public struct StateStore: Sendable {
    public static let defaultRoot = "/run/mydocker"
    public static let rootEnvironmentVariable = "MYDOCKER_ROOT"

    /// Absolute.
    public let root: String

    public init(root: String) {
        self.root = StateStore.absolute(root)
    }

    /// `--root` when given, else `$MYDOCKER_ROOT`, else `/run/mydocker`.
    public init(rootOption: String?) {
        if let rootOption {
            self.init(root: rootOption)
        } else if let variable = getenv(StateStore.rootEnvironmentVariable), variable.pointee != 0 {
            self.init(root: String(cString: variable))
        } else {
            self.init(root: StateStore.defaultRoot)
        }
    }

    public func directory(of name: String) -> String { "\(root)/\(name)" }

    // MARK: reading

    /// The names of all containers, sorted.
    public func names() throws(ContainerError) -> [String] {
        guard StateIO.exists(root) else { return [] }
        do {
            return try StateIO.entries(root, what: "list containers in \(root)")
                .filter { ContainerName.isValid($0) }
                .sorted()
        } catch {
            throw .system(error)
        }
    }

    public func load(_ name: String) throws(ContainerError) -> ContainerState {
        try ContainerName.validate(name)
        let bytes: [UInt8]
        do {
            bytes = try StateIO.readFile("\(directory(of: name))/state", what: "read the state of \(name)")
        } catch {
            if error.errno == ENOENT {
                if StateIO.exists(directory(of: name)) {
                    throw .corruptState(name, reason: "\(directory(of: name))/state is missing")
                }
                throw .noSuchContainer(name)
            }
            throw .system(error)
        }
        do {
            return try ContainerState(parsing: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .corruptState(name, reason: "\(directory(of: name))/state: \(error)")
        }
    }

    /// Every container with its state (settled: see ``loadSettled(_:patience:)``), or why its state cannot be
    /// read. One removed meanwhile is left out.
    public func list() throws(ContainerError) -> [(name: String, state: Result<ContainerState, ContainerError>)] {
        try names().compactMap { name in
            do throws(ContainerError) {
                return (name, .success(try loadSettled(name)))
            } catch .noSuchContainer {
                return nil
            } catch {
                return (name, .failure(error))
            }
        }
    }

    /// The spec file's bytes as they were applied.
    public func spec(of name: String) throws(ContainerError) -> [UInt8] {
        try ContainerName.validate(name)
        do {
            return try StateIO.readFile("\(directory(of: name))/spec", what: "read the spec of \(name)")
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(error)
        }
    }

    // MARK: claiming a name

    /// What apply knows when it claims a name.
    public struct Claim: Sendable {
        /// nil: make one up.
        public var name: String?
        /// The spec file as given (made absolute here).
        public var specPath: String
        public var specBytes: [UInt8]
        public var user: ContainerSpec.User
        public var cwd: String
        public var env: [String]
        /// A detached container gets a log file for its stdout and stderr.
        public var detached: Bool
        /// The process that watches the container and records how it ends (apply itself in the foreground).
        public var monitor: ProcessIdentity?

        public init(
            name: String?, specPath: String, specBytes: [UInt8], user: ContainerSpec.User = ContainerSpec.User(),
            cwd: String = "/", env: [String] = [], detached: Bool, monitor: ProcessIdentity? = nil
        ) {
            self.name = name
            self.specPath = specPath
            self.specBytes = specBytes
            self.user = user
            self.cwd = cwd
            self.env = env
            self.detached = detached
            self.monitor = monitor
        }

        /// From a loaded spec: its process's user, cwd and environment.
        public init(name: String?, specPath: String, specBytes: [UInt8], spec: ContainerSpec, detached: Bool, monitor: ProcessIdentity? = nil) {
            self.init(
                name: name, specPath: specPath, specBytes: specBytes, user: spec.process.user,
                cwd: spec.process.cwd, env: spec.process.env, detached: detached, monitor: monitor
            )
        }
    }

    /// Claims a name (given, or made up) and records the container as created. Two claims of one name never both win:
    /// names are allocated under the store's global lock, and a name stays taken until `rm`, even once exited.
    public func claim(_ request: Claim) throws(ContainerError) -> ContainerRecord {
        if let name = request.name { try ContainerName.validate(name) }
        let rootFD = try openRoot(create: true)
        defer { StateIO.close(rootFD) }
        do {
            let lock = try FileLock(dir: rootFD, name: ".lock", what: "lock \(root)")
            defer { lock.unlock() }
            sweepLeftovers(rootFD)
            let name = request.name ?? ContainerName.generate { faccessat(rootFD, $0, F_OK, AT_SYMLINK_NOFOLLOW) == 0 }
            if faccessat(rootFD, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0 {
                let running = (try? load(name)).map { ObservedStatus($0).isLive } ?? false
                throw ContainerError.nameInUse(name, running: running)
            }
            let building = ".new-\(name)"
            guard mkdirat(rootFD, building, 0o700) == 0 else {
                throw ContainerError.system(StateIO.failure("create the state of \(name)", "mkdir \(root)/\(building)"))
            }
            do {
                let dirFD = try StateIO.openAt(rootFD, building, O_RDONLY | O_DIRECTORY, what: "create the state of \(name)")
                let record = ContainerRecord(store: self, name: name, fd: dirFD)
                try record.populate(request)
                guard renameat(rootFD, building, rootFD, name) == 0 else {
                    throw StateIO.failure("create the state of \(name)", "rename \(building) to \(name)")
                }
                guard StateIO.retrying({ fsync(rootFD) }) == 0 else {
                    throw StateIO.failure("create the state of \(name)", "fsync \(root)")
                }
                return record
            } catch {
                try? StateIO.removeTree(rootFD, building, what: "clean up \(building)")
                throw error
            }
        } catch let error as ContainerError {
            throw error
        } catch let error as StepError {
            throw .system(error)
        } catch {
            throw .system(StepError(what: "claim a container name", syscall: nil, errno: 0, hint: "\(error)"))
        }
    }

    /// Opens the directory of an existing container (the monitor's view, and `exec`'s).
    public func open(_ name: String) throws(ContainerError) -> ContainerRecord {
        try ContainerName.validate(name)
        do {
            let fd = try StateIO.open(directory(of: name), O_RDONLY | O_DIRECTORY, what: "open the state of \(name)")
            return ContainerRecord(store: self, name: name, fd: fd)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(error)
        }
    }

    // MARK: removing

    /// Removes the container's directory: renamed away at once under the global lock, then deleted,
    /// waiting for anyone writing its state.
    func removeDirectory(_ name: String) throws(ContainerError) {
        try ContainerName.validate(name)
        let rootFD = try openRoot(create: false)
        defer { StateIO.close(rootFD) }
        do {
            let lock = try FileLock(dir: rootFD, name: ".lock", what: "lock \(root)")
            defer { lock.unlock() }
            let dirFD: Int32
            do {
                dirFD = try StateIO.openAt(rootFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, what: "remove \(name)")
            } catch {
                throw error.errno == ENOENT ? ContainerError.noSuchContainer(name) : .system(error)
            }
            defer { StateIO.close(dirFD) }
            let containerLock = try? FileLock(existingIn: dirFD, name: ".lock", what: "lock the state of \(name)")
            let doomed = ".rm-\(name)"
            guard renameat(rootFD, name, rootFD, doomed) == 0 else {
                throw StateIO.failure("remove \(name)", "rename \(name) to \(doomed)")
            }
            try StateIO.removeTree(rootFD, doomed, what: "remove \(name)")
            containerLock?.unlock()
        } catch let error as ContainerError {
            throw error
        } catch let error as StepError {
            throw .system(error)
        } catch {
            throw .system(StepError(what: "remove \(name)", hint: "\(error)"))
        }
    }

    // MARK: root

    func openRoot(create: Bool) throws(ContainerError) -> Int32 {
        if create {
            do {
                try StateStore.makeDirectories(root)
            } catch {
                throw .system(error)
            }
        }
        do {
            return try StateIO.open(root, O_RDONLY | O_DIRECTORY, what: "open \(root)")
        } catch {
            throw .system(error)
        }
    }

    /// Directories left by a claim or a removal that crashed. Called under the global lock, when no claim or removal runs.
    private func sweepLeftovers(_ rootFD: Int32) {
        let dup = Glibc.dup(rootFD)
        guard dup >= 0, let entries = try? StateIO.entries(fd: dup, what: "list \(root)") else { return }
        for entry in entries where entry.hasPrefix(".new-") || entry.hasPrefix(".rm-") {
            try? StateIO.removeTree(rootFD, entry, what: "clean up \(entry)")
        }
    }

    static func makeDirectories(_ path: String) throws(StepError) {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o711) != 0 && errno != EEXIST {
                throw StateIO.failure("create \(path)", "mkdir \(prefix)")
            }
        }
    }

    static func absolute(_ path: String) -> String {
        var joined = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { _ in
                String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            } ?? "/"
            joined = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
