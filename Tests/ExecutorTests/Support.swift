import Glibc
import Planner
import Spec
import Testing
@testable import ContainerStore
@testable import Containers
@testable import Exec
@testable import HostCheck
@testable import LinuxSystem
@testable import Mounts
@testable import Runtime

/// The running test bundle: this process's executable (/proc/self/exe), `.build/<config>/mydockerPackageTests.xctest`,
/// or the `.xctest` directory around it where the bundle is a directory.
let testBundlePath: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/proc/self/exe"
    let parts = exe.split(separator: "/", omittingEmptySubsequences: false)
    guard let bundle = parts.lastIndex(where: { $0.hasSuffix(".xctest") }) else { return exe }
    return parts[...bundle].joined(separator: "/")
}()

/// The built mydocker binary: the `mydocker` beside the test bundle (`.build/<config>/mydocker`). A test that asks
/// for it when it is not there fails, naming the path.
var mydockerBinary: String {
    let path = testBundlePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/mydocker"
    if access(path, X_OK) != 0 {
        Issue.record("mydocker is not built: no executable \(path) beside the test bundle \(testBundlePath) (`swift build --build-tests` builds it)")
    }
    return path
}

let isRoot = getuid() == 0

/// A plan with these parent and child actions, numbered in that order.
func makePlan(parent: [ParentAction], child: [ChildAction], spec: ContainerSpec = ContainerSpec(process: .init(args: ["/bin/true"]))) -> Plan {
    let actions = parent.map(Action.parent) + child.map(Action.child)
    return Plan(spec: spec, steps: actions.enumerated().map { Step(number: $0.offset + 1, action: $0.element) })
}

/// What a run printed and how it ended.
struct RunResult {
    var status: Int32?
    var error: StepError?
    var stdout: String
    var stderr: String
}

/// Runs `plan` with the built mydocker as the child, stdout and stderr captured in temporary files.
func runCaptured(_ plan: Plan, onStarted: (@Sendable (Int32) -> Void)? = nil) -> RunResult {
    let out = TempFile(), err = TempFile()
    let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
    defer { close(input) }
    let options = RunOptions(onStarted: onStarted, stdin: input, stdout: out.fd, stderr: err.fd, initExecutable: mydockerBinary)
    var result = RunResult(status: nil, error: nil, stdout: "", stderr: "")
    do {
        result.status = try Executor.run(plan, options: options).shellStatus
    } catch {
        result.error = error
    }
    result.stdout = out.contents()
    result.stderr = err.contents()
    return result
}

/// An unlinked temporary file, open for reading and writing.
final class TempFile {
    let fd: Int32

    init() {
        fd = open("/tmp", 0o20_000_000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)  // O_TMPFILE
    }

    func contents() -> String {
        lseek(fd, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit { close(fd) }
}

/// The host's hostname.
func hostHostname() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    gethostname(&buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The content of a file, or "".
func fileText(_ path: String) -> String {
    guard let bytes = Sys.readFile(path) else { return "" }
    return String(decoding: bytes, as: UTF8.self)
}

/// A snapshot of what apply must never change: hostname and mount table.
struct HostSnapshot: Equatable {
    var hostname = hostHostname()
    var mountinfo = fileText("/proc/self/mountinfo")
}

/// An errno value, thrown by test helpers.
struct Errno: Error, Equatable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}

/// A temporary directory, removed (with everything in it) when released.
final class TempDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/mydocker-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) != nil else { throw Errno(errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        var top = stat()
        if lstat(path, &top) == 0 { Self.removeTree(path, device: top.st_dev) }
    }

    /// Removes `path` and everything under it, depth first. Symbolic links are removed, never followed, and a
    /// directory on another file system (something mounted there) is neither entered nor removed.
    static func removeTree(_ path: String, device: dev_t) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)
            return
        }
        guard info.st_dev == device, let dir = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names { removeTree("\(path)/\(name)", device: device) }
        rmdir(path)
    }
}

/// A pid handed from a background run to the test.
final class PidBox: @unchecked Sendable {
    private var pid: Int32?
    private var lock = pthread_mutex_t()
    private var cond = pthread_cond_t()

    init() {
        pthread_mutex_init(&lock, nil)
        pthread_cond_init(&cond, nil)
    }

    func set(_ value: Int32) {
        pthread_mutex_lock(&lock)
        pid = value
        pthread_cond_broadcast(&cond)
        pthread_mutex_unlock(&lock)
    }

    /// The pid, once set (nil after 10 s: the background run failed).
    func wait() -> Int32? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += 10
        while pid == nil {
            if pthread_cond_timedwait(&cond, &lock, &deadline) != 0 { break }
        }
        return pid
    }
}

/// Runs a plan on its own thread (Executor.run blocks); stop() kills the container and joins the thread.
final class BackgroundRun: @unchecked Sendable {
    private var thread = pthread_t()
    private let plan: Plan
    let started = PidBox()

    init(_ plan: Plan) {
        self.plan = plan
        let box = Unmanaged.passRetained(self)
        pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let run = Unmanaged<BackgroundRun>.fromOpaque(raw).takeRetainedValue()
            let started = run.started
            _ = runCaptured(run.plan, onStarted: { pid in started.set(pid) })
            return nil
        }, box.toOpaque())
    }

    func stop() {
        if let pid = started.wait() { kill(pid, SIGKILL) }
        pthread_join(thread, nil)
    }
}
