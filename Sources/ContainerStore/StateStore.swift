import Glibc
import LinuxSystem
import Spec

/// Where named containers are recorded: one directory per name under the root (`/run/mydocker`).
///
/// `<root>/<name>/` holds `state` (see ``ContainerState``), `spec` (the spec file's bytes as applied),
/// `log` (a detached container's output, as records: see ContainerLog), `attach.sock` (its monitor's socket for
/// `attach`, while the monitor lives) and `.lock`. A directory appears complete (built as `.new-<name>`
/// and renamed) and disappears at once (renamed to `.rm-<name>` and deleted), both under `<root>/.lock`.
public struct StateStore: Sendable {
    public static let defaultRoot = "/run/mydocker"
    /// The spec path recorded for a spec read from standard input (`apply -`): no path, so never made absolute.
    public static let standardInputSpec = "<stdin>"
    public static let rootEnvironmentVariable = "MYDOCKER_ROOT"

    /// Absolute.
    public let root: String
    /// Where compiled seccomp programs are kept by content, beside the containers (a name no container can have; a
    /// tmpfs under /run is cleared at boot, with the kernel the programs were compiled for).
    public var seccompCache: String { root + "/.seccomp" }

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

    /// The name of a detached container's attach socket in its directory.
    public static let attachSocket = "attach.sock"

    // MARK: reading

    /// The names of all containers, sorted.
    public func names() throws(ContainerError) -> [String] {
        guard Directory.exists(root) else { return [] }
        do {
            return try Directory.entries(root).filter { ContainerName.isValid($0) }.sorted()
        } catch {
            throw .system(what: "list containers in \(root)", error)
        }
    }

    public func load(_ name: String) throws(ContainerError) -> ContainerState {
        try ContainerName.validate(name)
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.open("\(directory(of: name))/state", O_RDONLY).readAll()
        } catch {
            if error.errno == ENOENT {
                if Directory.exists(directory(of: name)) {
                    throw .corruptState(name, reason: "\(directory(of: name))/state is missing")
                }
                throw .noSuchContainer(name)
            }
            throw .system(what: "read the state of \(name)", error)
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
            return try FileDescriptor.open("\(directory(of: name))/spec", O_RDONLY).readAll()
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "read the spec of \(name)", error)
        }
    }

    // MARK: claiming a name

    /// What apply knows when it claims a name.
    public struct Claim: Sendable {
        /// nil: make one up.
        public var name: String?
        /// The spec file as given (made absolute here), or ``StateStore/standardInputSpec``.
        public var specPath: String
        public var specBytes: [UInt8]
        /// The folder the spec's relative paths resolve against when its path does not say (standard input).
        public var specDirectory: String?
        /// The process's command and arguments as it runs (``ContainerState/args``).
        public var args: [String] = []
        /// The spec's stop signal annotation as written (``StopSignal``), checked when the name is claimed.
        public var stopSignalName: String?
        public var user: ContainerSpec.User
        public var cwd: String
        public var env: [String]
        /// A detached container gets a log file for its stdout and stderr.
        public var detached: Bool
        /// The process that watches the container and records how it ends (apply itself in the foreground).
        public var monitor: ProcessIdentity?
        /// The process's confinement, which `exec` gives its commands too.
        public var confinement = ProcessConfinement()
        /// What the monitor of a detached container does when its process ends (`apply --restart`).
        public var restartPolicy = RestartPolicy.no
        /// The OCI bundle of a container made by `create` or `run` (``ContainerState/bundle``).
        public var bundle: String?

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

        /// From a loaded spec: its process's command, user, cwd and environment, its stop signal, and the folder its
        /// relative paths resolve against.
        public init(name: String?, specPath: String, specBytes: [UInt8], spec: ContainerSpec, detached: Bool, monitor: ProcessIdentity? = nil) {
            self.init(
                name: name, specPath: specPath, specBytes: specBytes, user: spec.process.user,
                cwd: spec.process.cwd, env: spec.process.env, detached: detached, monitor: monitor
            )
            confinement = ProcessConfinement(spec: spec)
            args = spec.process.args
            stopSignalName = spec.annotations[StopSignal.annotation]
            if specPath == StateStore.standardInputSpec { specDirectory = spec.source.baseDirectory }
        }
    }

    /// Claims a name (given, or made up) and records the container as created. Two claims of one name never both win:
    /// names are allocated under the store's global lock, and a name stays taken until `rm`, even once exited.
    public func claim(_ request: Claim) throws(ContainerError) -> ContainerRecord {
        if let name = request.name { try ContainerName.validate(name) }
        _ = try StopSignal.parse(request.stopSignalName)
        let rootFD = try openRoot(create: true)
        let lock = try lockRoot(rootFD)
        defer { lock.unlock() }
        sweepLeftovers(rootFD)
        let name = request.name ?? ContainerName.generate { faccessat(rootFD.rawValue, $0, F_OK, AT_SYMLINK_NOFOLLOW) == 0 }
        if faccessat(rootFD.rawValue, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0 {
            let running = (try? load(name)).map { ObservedStatus($0).isLive } ?? false
            throw .nameInUse(name, running: running)
        }
        let what = "create the state of \(name)"
        let building = ".new-\(name)"
        guard mkdirat(rootFD.rawValue, building, 0o700) == 0 else {
            throw .system(what: what, SystemError(call: "mkdir \(root)/\(building)", errno: errno))
        }
        do throws(ContainerError) {
            let directory: FileDescriptor
            do {
                directory = try rootFD.open(building, O_RDONLY | O_DIRECTORY)
            } catch {
                throw .system(what: what, error)
            }
            let record = ContainerRecord(store: self, name: name, directory: directory)
            try record.populate(request)
            guard renameat(rootFD.rawValue, building, rootFD.rawValue, name) == 0 else {
                throw .system(what: what, SystemError(call: "rename \(building) to \(name)", errno: errno))
            }
            return record
        } catch {
            try? Directory.removeTree(building, in: rootFD)
            throw error
        }
    }

    /// Opens the directory of an existing container (the monitor's view, and `exec`'s).
    public func open(_ name: String) throws(ContainerError) -> ContainerRecord {
        try ContainerName.validate(name)
        do {
            let directory = try FileDescriptor.open(directory(of: name), O_RDONLY | O_DIRECTORY)
            return ContainerRecord(store: self, name: name, directory: directory)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "open the state of \(name)", error)
        }
    }

    // MARK: removing

    /// Removes the container's directory: renamed away at once under the global lock, then deleted,
    /// waiting for anyone writing its state.
    public func removeDirectory(_ name: String) throws(ContainerError) {
        try ContainerName.validate(name)
        let rootFD = try openRoot(create: false)
        let lock = try lockRoot(rootFD)
        defer { lock.unlock() }
        let directory: FileDescriptor
        do {
            directory = try rootFD.open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        } catch {
            throw error.errno == ENOENT ? .noSuchContainer(name) : .system(what: "remove \(name)", error)
        }
        let containerLock = try? FileLock(".lock", in: directory, existing: true)
        defer { containerLock?.unlock() }
        let doomed = ".rm-\(name)"
        guard renameat(rootFD.rawValue, name, rootFD.rawValue, doomed) == 0 else {
            throw .system(what: "remove \(name)", SystemError(call: "rename \(name) to \(doomed)", errno: errno))
        }
        do {
            try Directory.removeTree(doomed, in: rootFD)
        } catch {
            throw .system(what: "remove \(name)", error)
        }
    }

    // MARK: root

    func openRoot(create: Bool) throws(ContainerError) -> FileDescriptor {
        do {
            if create { try Directory.create(root) }
            return try FileDescriptor.open(root, O_RDONLY | O_DIRECTORY)
        } catch {
            throw .system(what: create ? "create \(root)" : "open \(root)", error)
        }
    }

    /// The store's global lock (`<root>/.lock`), under which names are allocated and removed.
    private func lockRoot(_ rootFD: borrowing FileDescriptor) throws(ContainerError) -> FileLock {
        do {
            return try FileLock(".lock", in: rootFD)
        } catch {
            throw .system(what: "lock \(root)", error)
        }
    }

    /// Directories left by a claim or a removal that crashed. Called under the global lock, when no claim or removal runs.
    private func sweepLeftovers(_ rootFD: borrowing FileDescriptor) {
        guard let copy = try? rootFD.duplicate(), let entries = try? Directory.entries(of: copy) else { return }
        for entry in entries where entry.hasPrefix(".new-") || entry.hasPrefix(".rm-") {
            try? Directory.removeTree(entry, in: rootFD)
        }
    }

    public static func absolute(_ path: String) -> String {
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
        return "/" + Joined.substrings(parts, separator: "/")
    }
}
