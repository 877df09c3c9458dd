import Foundation
import Glibc

/// Runs programs for the integration tests. Standard output and error always go through files, not pipes: neither
/// can fill up, and a process started meanwhile by another test cannot inherit a pipe and hold it open.
///
/// Two ways to start one: ``run(_:environment:directory:stdin:stdout:)`` with Foundation's Process (waits without a
/// deadline), and ``start(_:environment:)`` with posix_spawn, the signal mask emptied and every signal at its default
/// (Foundation leaves the test runner's blocked signals blocked), for tests that signal the process or need a deadline.
enum ProcessRunner {
    /// This process's environment with `changes` applied: a nil value removes the variable.
    static func inheritedEnvironment(changing changes: [String: String?] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }

    /// Runs `arguments[0]` (a path, or a name looked up in PATH through env(1)) to the end. `environment` nil
    /// inherits ours; `directory` is the working directory; `stdin` is written to its standard input (/dev/null
    /// when nil); `stdout`, when given, takes its standard output instead of a file (the output's bytes are then empty).
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                    stdin: String? = nil, stdout: FileHandle? = nil) throws -> ProcessOutput {
        let files = OutputFiles()
        defer { files.remove() }
        let process = Process()
        if let first = arguments.first, first.contains("/") {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let stdin {
            try stdin.write(toFile: files.stdin, atomically: false, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: files.stdin))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: files.stdout))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: files.stderr))
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return files.output(status: process.terminationStatus)
    }

    /// ``run(_:environment:directory:stdin:stdout:)`` for callers that cannot throw: a process that does not start
    /// gives status -1 and the error as its standard error.
    static func runCatching(_ arguments: [String], environment: [String: String]? = nil) -> ProcessOutput {
        do { return try run(arguments, environment: environment) } catch {
            return ProcessOutput(status: -1, stdout: "", stderr: "\(error)")
        }
    }

    /// Starts `arguments[0]` (a path) with posix_spawn: stdin from /dev/null, stdout and stderr to files, an empty
    /// signal mask and every signal at its default. `environment` nil inherits ours. `descriptors` maps a
    /// descriptor number of the process to one of ours that it gets there (not close-on-exec, as a shell's
    /// redirection leaves it).
    static func start(_ arguments: [String], environment: [String: String]? = nil,
                      descriptors: [Int32: Int32] = [:]) -> RunningProcess {
        let files = OutputFiles()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, files.stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, files.stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Each source first goes above every target, so that no dup2 overwrites a source still to be used.
        let moved = descriptors.mapValues { fcntl($0, F_DUPFD_CLOEXEC, 100) }
        defer { moved.values.forEach { close($0) } }
        for (target, source) in moved { posix_spawn_file_actions_adddup2(&actions, source, target) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, env)
        precondition(rc == 0, "posix_spawn \(arguments[0]): \(String(cString: strerror(rc)))")
        return RunningProcess(pid: pid, files: files)
    }

    /// ``start(_:environment:descriptors:)`` and wait for the end, at most `seconds` (then it is killed and the status is -1).
    static func spawnAndWait(_ arguments: [String], seconds: Double = 60, environment: [String: String]? = nil,
                             descriptors: [Int32: Int32] = [:]) -> ProcessOutput {
        let running = start(arguments, environment: environment, descriptors: descriptors)
        let status = running.wait(seconds: seconds) ?? -1
        return running.files.output(status: status)
    }
}

/// The files a process's standard input, output and error go through; `remove()` deletes them.
struct OutputFiles {
    let stdin: String
    let stdout: String
    let stderr: String

    init() {
        let base = NSTemporaryDirectory() + "mydocker-it-output-\(UUID().uuidString)"
        stdin = base + ".in"
        stdout = base + ".out"
        stderr = base + ".err"
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
    }

    var stdoutText: String { (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "" }

    func output(status: Int32) -> ProcessOutput {
        ProcessOutput(status: status, stdoutData: FileManager.default.contents(atPath: stdout) ?? Data(),
                      stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
    }

    func remove() {
        for file in [stdin, stdout, stderr] { unlink(file) }
    }
}

/// A process started by ``ProcessRunner/start(_:environment:)``, with its output files; killed and reaped if it
/// is still running when the value goes away.
final class RunningProcess {
    let files: OutputFiles
    private let child: ChildWatch

    init(pid: pid_t, files: OutputFiles) {
        child = ChildWatch(pid: pid)
        self.files = files
    }

    var pid: pid_t { child.pid }
    /// The status (128 + N for signal N), nil while it runs or until it is polled.
    var status: Int32? { child.status }

    var stdout: String { files.stdoutText }

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
    func poll() -> Int32? { child.poll() }

    /// Waits up to `seconds` for the exit; kills the process and returns nil when it does not end.
    func wait(seconds: Double = 30) -> Int32? { child.wait(seconds: seconds) }

    deinit {
        child.finish()
        files.remove()
    }
}
