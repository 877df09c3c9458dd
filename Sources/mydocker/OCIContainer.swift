import ContainerStore
import Containers
import Glibc
import LinuxSystem
import Planner
import Runtime
import Spec

/// What `create` and `run` share (runc's): the bundle's config.json read and linted, the container's record claimed
/// under its ID, the plan carried out up to the user's process (``Executor/create(_:options:)``), the pid file.
/// Every error is one line, `mydocker COMMAND: …`, exit 1 as runc's, and leaves nothing behind.
struct OCIContainer: Sendable {
    let id: String
    /// Absolute.
    let bundle: String
    var pidFile: String?
    var consoleSocket: String?
    var preserveFDs = 0
    /// `--no-new-keyring`: the container keeps the caller's session keyring instead of a new one of its own.
    var keepsSessionKeyring = false
    /// `--no-pivot`: into the root by MS_MOVE and chroot, not pivot_root.
    var noPivot = false
    let store: StateStore
    let command: String

    var configPath: String { bundle == "/" ? "/config.json" : bundle + "/config.json" }

    /// The bundle's spec, linted as apply lints one; nil once it said why it cannot be used.
    func load() -> LoadResult? {
        if let problem = ContainerName.problem(with: id) {
            StateConsole.error("mydocker \(command): invalid container ID \"\(id)\": \(problem)\n")
            return nil
        }
        let bytes: [UInt8]
        do {
            bytes = try SpecFile.read(path: configPath)
        } catch {
            StateConsole.error("mydocker \(command): cannot read \(configPath): \(error.reason)\n")
            return nil
        }
        var result = Linter.lintForRun(bytes: bytes, file: configPath, baseDirectory: bundle)
        // The OCI runtime spec: a runtime must not fail on a property it does not know (engines add their own), and
        // `process` is required only when start is called (start refuses a container created without one).
        let withoutProcess = result.diagnostics.contains(where: Self.isMissingProcess)
        result.diagnostics.removeAll { $0.ruleID == LintRuleID.unknownKey.rawValue || Self.isMissingProcess($0) }
        // A root and mounts without a mount namespace: runc makes the mounts in the host's mount table and enters
        // the root by chroot, and so does mydocker for an OCI bundle (``RunOptions/onHostMounts``), which also
        // unmounts them again at delete (runc leaves them). Without a root, or with the host's own / as the root, the
        // mounts would land on the host's own paths (a proc over its /proc): still refused.
        if let spec = result.spec, let root = spec.root, !Sys.sameFile(root.resolvedPath, "/"),
           !spec.linux.namespaces.contains(where: { $0.kind == .mount }) {
            result.diagnostics.removeAll { $0.ruleID == LintRuleID.mountsWithoutMountns.rawValue }
        }
        // mydocker's `network` section is apply's: under the OCI commands the engine makes the container's network,
        // and create's run ends before the container does, which would take the network down with it.
        if let spec = result.spec, spec.network != nil {
            result.diagnostics.append(Diagnostic(
                file: configPath, position: spec.source.position(of: "/network"), severity: .error,
                message: "`network` is mydocker's own section for apply: under `\(command)` the engine sets up the container's network",
                ruleID: LintRuleID.unsupportedKey.rawValue))
        }
        if result.hasErrors || result.spec == nil {
            StateConsole.error(DiagnosticText.render(result, color: StateConsole.stderrInColor))
            return nil
        }
        if withoutProcess { result.spec?.process.args = [] }
        return result
    }

    /// The decoder's error for a config without `process`.
    static func isMissingProcess(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.ruleID == LintRuleID.required.rawValue && diagnostic.message == "`process` is required"
    }

    /// The name claimed for `spec`: its record, created, with the bundle.
    func claim(_ loaded: LoadResult, spec: ContainerSpec) throws(ExitCode) -> ContainerRecord {
        var claim = StateStore.Claim(name: id, specPath: configPath, specBytes: loaded.source, spec: spec, detached: false)
        claim.bundle = bundle
        do {
            return try store.claim(claim)
        } catch {
            throw StateConsole.fail(command, error)
        }
    }

    /// The record claimed for `spec` (``claim(_:spec:)``) and the run's options recording into it
    /// (``options(_:)``); the record is abandoned when the options cannot be made.
    func claimForRun(_ loaded: LoadResult, spec: ContainerSpec) throws(ExitCode) -> (record: ContainerRecord, options: RunOptions) {
        let record = try claim(loaded, spec: spec)
        do {
            return (record, try options(record))
        } catch {
            record.abandon()
            throw error
        }
    }

    /// The run's options recording into `record`: the child's pid at once, the cgroup, the seccomp program.
    func options(_ record: ContainerRecord) throws(ExitCode) -> RunOptions {
        var options = RunOptions()
        options.containerName = id
        options.seccompCache = store.seccompCache
        options.onChild = { pid in try? record.recordProcess(pid: pid) }
        options.onCgroup = { path, directories in try? record.recordCgroup(path, directories: directories) }
        options.onSeccompProgram = { bytes, flags in try? record.recordSeccomp(bytes, flags: flags) }
        options.onHostMounts = { mounts in try? record.recordHostMounts(root: mounts.root, baseline: mounts.baseline) }
        options.consoleSocketPath = consoleSocket
        options.newSessionKeyring = !keepsSessionKeyring
        options.noPivot = noPivot
        do {
            options.passed = try PassedDescriptors.fromCaller(preserve: preserveFDs, listen: true)
        } catch {
            throw StateConsole.fail(command, error.described(as: "pass descriptors"))
        }
        return options
    }

    /// `create`: the container waits for `start`; returns its record and its process's pid.
    func create() throws(ExitCode) -> (record: ContainerRecord, pid: Int32) {
        guard let loaded = load(), let spec = loaded.spec else { throw ExitCode(1) }
        if spec.process.terminal && consoleSocket == nil {
            throw StateConsole.fail(command, "process.terminal is true: --console-socket is needed to pass the terminal on (runc's \"cannot allocate tty if runc will detach without setting console socket\")")
        }
        let claimed = try claimForRun(loaded, spec: spec)
        let record = claimed.record
        var options = claimed.options
        let listener: FileDescriptor
        do {
            listener = try record.listen(at: StateStore.startSocket)
        } catch {
            record.abandon()
            throw StateConsole.fail(command, error.described(as: "make the start socket of \(id)"))
        }
        options.startSocket = listener.rawValue
        let plan = Planner.plan(spec, init: .onRequest)
        let pid: Int32
        do {
            pid = try Executor.create(plan, options: options)
        } catch {
            abandon(record)
            throw StateConsole.fail(command, error.described(in: plan))
        }
        do {
            try writePidFile(pid)
        } catch {
            abandon(record)
            throw error
        }
        return (record, pid)
    }

    /// Removes what a failed create left: its processes, cgroup and record.
    func abandon(_ record: ContainerRecord) {
        _ = try? store.delete(id, force: true)
        record.abandon()
    }

    /// The pid file: the pid's digits, nothing else (containerd parses it strictly), replaced atomically.
    func writePidFile(_ pid: Int32) throws(ExitCode) {
        guard let pidFile else { return }
        try Self.writePidFile(pidFile, pid: pid, command: command)
    }

    static func writePidFile(_ pidFile: String, pid: Int32, command: String) throws(ExitCode) {
        let path = StateStore.absolute(pidFile)
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        do throws(SystemError) {
            let directory = try FileDescriptor.open(folder, O_RDONLY | O_DIRECTORY)
            try Directory.replaceAtomically(name, in: directory, with: Array(String(pid).utf8))
        } catch {
            throw StateConsole.fail(command, error.described(as: "write the pid file \(path)"))
        }
    }
}
