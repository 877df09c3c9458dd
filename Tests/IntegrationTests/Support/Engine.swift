import Foundation
import Glibc
import Testing

/// An engine that drives an OCI runtime through its command line (podman with conmon, containerd with its runc
/// shim), as the engine tests use it: one container run to the end, or one detached and then exec'd into, stopped
/// and removed. Each engine has its own private store under a temporary folder (prefix `engtest-`), removed by
/// ``shutdown()`` with whatever the engine left behind (cgroups, mounts).
protocol Engine: AnyObject {
    /// `podman` or `containerd`, for messages.
    var name: String { get }
    /// The busybox root file system every container runs in.
    var rootfs: String { get }
    /// Runs `command` in a new container to its end and removes the container.
    func run(_ options: EngineRunOptions, _ command: [String]) -> ProcessOutput
    /// Starts `command` in a container named `id` in the background.
    func startDetached(_ id: String, _ command: [String]) -> ProcessOutput
    /// Runs `command` in the running container `id`.
    func exec(_ id: String, _ command: [String]) -> ProcessOutput
    /// Sends SIGTERM to the container's process and waits for its end: the exit code the engine reports.
    func stop(_ id: String) -> Int?
    /// Removes the (stopped) container `id`; true when the engine says it did.
    func remove(_ id: String) -> Bool
    /// Stops the engine when the test started it, and removes all it made.
    func shutdown()
}

/// What a container run asks of the engine, in words both engines have.
struct EngineRunOptions {
    var environment: [String: String] = [:]
    var workingDirectory: String?
    var hostname: String?
    /// `UID:GID`.
    var user: String?
    var readOnlyRoot = false
    var binds: [(source: String, destination: String, readOnly: Bool)] = []
    var terminal = false
}

/// The runtime the engine tests hand to podman and containerd: the built mydocker, or the executable named by
/// `MYDOCKER_ENGINE_RUNTIME` (`MYDOCKER_ENGINE_RUNTIME=/usr/sbin/runc swift test --filter Engine` checks the tests
/// themselves against runc).
enum EngineRuntime {
    static let path = ProcessInfo.processInfo.environment["MYDOCKER_ENGINE_RUNTIME"] ?? MyDockerBinary.expectedPath

    /// Whether the runtime has the OCI command line engines call (`create`, `start`, `state`, `kill`, `delete`):
    /// runc and crun do; mydocker does from issue 12 on.
    static let speaksOCI: Bool = {
        guard FileManager.default.isExecutableFile(atPath: path) else { return false }
        let help = ProcessRunner.spawnAndWait([path, "state", "--help"], seconds: 10)
        return help.status == 0
    }()

    /// Whether the runtime's `exec` takes the OCI form engines use (`exec --process FILE --pid-file F --detach ID`),
    /// as runc's does; mydocker's `exec` gets it with the rest of issue 12's commands.
    static let hasExecProcess: Bool = {
        guard FileManager.default.isExecutableFile(atPath: path) else { return false }
        return ProcessRunner.spawnAndWait([path, "exec", "--help"], seconds: 10).stdout.contains("--process")
    }()

    static let noExecReason: Comment = "the runtime's exec has no --process (the OCI form podman and containerd call)"

    /// Root, busybox, the engine's programs and a runtime with the OCI command line.
    static func canRun(_ programs: [String]) -> Bool {
        getuid() == 0 && BusyboxRootfs.isAvailable && speaksOCI
            && programs.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let skipReason: Comment = "needs root, busybox-static, the engine (scripts/install-deps.sh installs podman and containerd) and a runtime with the OCI command line (MYDOCKER_ENGINE_RUNTIME or the built mydocker)"
}

/// One engine's folder (`/tmp/engtest-NAME.XXXXXX`, for its store, state and configuration), the busybox root file
/// system its containers run in, and the cgroup parent its containers go under (named after the folder).
struct EngineWorkspace {
    let work: String
    let rootfs: String
    let cgroupParent: String

    init(_ name: String) throws {
        work = try makeEngineWorkDirectory(name)
        rootfs = work + "/rootfs"
        cgroupParent = "/" + (work as NSString).lastPathComponent
        try BusyboxRootfs.make(at: rootfs, worldWritableTmp: true, devNull: true)
    }
}

/// A new folder `/tmp/engtest-NAME.XXXXXX`.
func makeEngineWorkDirectory(_ name: String) throws -> String {
    var template = Array("/tmp/engtest-\(name).XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return String(cString: made)
}

/// Unmounts what is still mounted under `directory` (deepest first), then removes it. Records an issue for each
/// host mount left on it or of it (a bind of a file below it): the engine or the runtime should have removed it.
func removeEngineWorkDirectory(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let within = { (path: Substring) in path == directory || path.hasPrefix(directory + "/") }
    var left: [String] = []
    for line in HostSnapshot.mountInfo().split(separator: "\n") {
        let fields = line.split(separator: " ")
        guard fields.count > 4, within(fields[3]) || within(fields[4]) else { continue }
        left.append(String(fields[4]))
    }
    for point in left.sorted(by: { $0.count > $1.count }) {
        Issue.record("left mounted under the engine's folder: \(point)", sourceLocation: sourceLocation)
        umount2(point, Int32(MNT_DETACH))
    }
    try? FileManager.default.removeItem(atPath: directory)
}

/// Removes the cgroup `parent` (`/engtest-…`) and everything below it, deepest first, in each hierarchy. Records an
/// issue for each cgroup found below it but those named in `expected` (conmon's own): the runtime's `delete` should
/// have removed the container's.
func removeCgroups(under parent: String, expected: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) {
    for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
        let top = "/sys/fs/cgroup/\(hierarchy)\(parent)"
        var isDirectory: ObjCBool = false
        for path in ((try? FileManager.default.subpathsOfDirectory(atPath: top)) ?? []).sorted(by: { $0.count > $1.count })
        where FileManager.default.fileExists(atPath: top + "/" + path, isDirectory: &isDirectory) && isDirectory.boolValue {
            if !expected.contains(path) {
                Issue.record("cgroup left behind: \(top)/\(path)", sourceLocation: sourceLocation)
            }
            rmdir(top + "/" + path)
        }
        rmdir(top)
    }
}
