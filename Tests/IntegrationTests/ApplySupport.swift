import Foundation
import Glibc

/// Runs the built `mydocker` binary for the apply tests: spawns it with stdout and stderr in files, waits with a
/// deadline (a test that hangs fails instead), and builds busybox root file systems and spec folders.
enum ApplyHarness {
    /// The `mydocker` file next to the test bundle (`.build/debug/`).
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("mydocker").path
    }()

    static let isRoot = getuid() == 0

    struct Output: Equatable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "status \(status), stdout \(stdout.debugDescription), stderr \(stderr.debugDescription)" }
    }

    /// A running process with its output files.
    final class Running {
        let pid: pid_t
        let stdoutPath: String
        let stderrPath: String
        private(set) var status: Int32?

        init(pid: pid_t, stdoutPath: String, stderrPath: String) {
            self.pid = pid
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
        }

        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits until stdout contains `text` (false after `seconds`, or when the process ended first).
        func waitForOutput(_ text: String, seconds: Double = 10) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if stdout.contains(text) { return true }
                if poll() != nil { return stdout.contains(text) }
                usleep(10_000)
            }
            return false
        }

        /// The exit status (as a shell reports it: 128 + N for signal N), nil while running.
        @discardableResult
        func poll() -> Int32? {
            if let status { return status }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            }
            return status
        }

        /// Waits up to `seconds` for the exit; kills the process and returns nil when it does not end.
        func wait(seconds: Double = 30) -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let status = poll() { return status }
                usleep(5_000)
            }
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
            return nil
        }

        deinit {
            if status == nil {
                kill(pid, SIGKILL)
                var raw: Int32 = 0
                waitpid(pid, &raw, 0)
            }
            unlink(stdoutPath)
            unlink(stderrPath)
        }
    }

    /// Starts `arguments[0]` with the rest, stdin from /dev/null, stdout and stderr to temporary files.
    static func start(_ arguments: [String], environment: [String]? = nil) -> Running {
        let base = NSTemporaryDirectory() + "mydocker-apply-\(UUID().uuidString)"
        let out = base + ".out", err = base + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, env)
        precondition(rc == 0, "posix_spawn \(arguments[0]): \(String(cString: strerror(rc)))")
        return Running(pid: pid, stdoutPath: out, stderrPath: err)
    }

    /// Runs to the end (at most `seconds`).
    static func run(_ arguments: [String], seconds: Double = 60) -> Output {
        let running = start(arguments)
        let status = running.wait(seconds: seconds) ?? -1
        return Output(status: status, stdout: running.stdout, stderr: running.stderr)
    }

    /// `mydocker apply SPEC`.
    static func apply(_ spec: String) -> Output { run([binary, "apply", spec]) }

    /// What apply must never change on the host: hostname, mount table, network interfaces.
    struct HostState: Equatable {
        var hostname: String
        var mountinfo: String
        var links: String

        static func now() -> HostState {
            HostState(hostname: ProcessInfo.processInfo.hostName,
                      mountinfo: (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "",
                      links: ApplyHarness.run(["/usr/sbin/ip", "-o", "link"]).stdout)
        }
    }
}

/// A temporary folder for one test: specs, a busybox root file system, files the container writes.
final class ApplyWorkspace {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "mydocker-apply-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` in the folder; returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    /// A busybox root file system at `rootfs/` (from Debian's busybox-static): bin/busybox, one link per applet,
    /// the usual mount points, a world-writable /tmp.
    func makeRootfs() throws -> String {
        let root = path + "/rootfs"
        let fm = FileManager.default
        for dir in ["bin", "proc", "sys", "dev", "etc", "tmp"] {
            try fm.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        chmod("\(root)/tmp", 0o1777)
        mknod("\(root)/dev/null", S_IFCHR | 0o666, 0x103)  // makedev(1, 3): busybox sh opens it for background jobs
        chmod("\(root)/dev/null", 0o666)
        try fm.copyItem(atPath: "/bin/busybox", toPath: "\(root)/bin/busybox")
        let applets = ApplyHarness.run(["/bin/busybox", "--list"]).stdout.split(separator: "\n")
        for applet in applets where applet != "busybox" {
            try fm.createSymbolicLink(atPath: "\(root)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/:/bin/sh\n".write(toFile: "\(root)/etc/passwd", atomically: false, encoding: .utf8)
        try "root:x:0:\n".write(toFile: "\(root)/etc/group", atomically: false, encoding: .utf8)
        return root
    }
}
