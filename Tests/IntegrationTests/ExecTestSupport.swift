import Foundation
import Glibc

/// Runs the built `mydocker` (beside the test bundle in .build/debug) for the state, exec, ps and check tests.
enum StateCLI {
    static let binary: String = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("mydocker").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("mydocker").path
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs mydocker with `arguments`, stdin from /dev/null, and waits for it. Output goes through files, not pipes:
    /// a process started meanwhile by another test could inherit a pipe and hold it open.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        var env = ProcessInfo.processInfo.environment
        env["MYDOCKER_ROOT"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let base = NSTemporaryDirectory() + "mydocker-it-output-\(UUID().uuidString)"
        try Data().write(to: URL(fileURLWithPath: base + ".out"))
        try Data().write(to: URL(fileURLWithPath: base + ".err"))
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }

    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A fresh state root under /tmp.
    static func temporaryRoot() -> String {
        let path = NSTemporaryDirectory() + "mydocker-it-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Field 22 of /proc/PID/stat.
    static func startTime(of pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }

    /// Writes a container's state by hand, the way the store writes it.
    static func writeState(root: String, name: String, lines: [String]) throws {
        let dir = root + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: dir + "/.lock"))
        let text = (["name=\(name)", "spec=/specs/\(name).yaml"] + lines).joined(separator: "\n") + "\n"
        try text.write(toFile: dir + "/state", atomically: true, encoding: .utf8)
    }
}

/// A process in new namespaces started with unshare(1), standing in for a container until apply can start one:
/// `unshare [flags] --fork sh -c 'SETUP; exec sleep 1000'`. The container's process is unshare's child.
final class UnshareTarget {
    let unshare: Process
    private(set) var pid: Int32 = 0

    init(flags: [String], setup: String) throws {
        unshare = Process()
        unshare.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        unshare.arguments = flags + ["--fork", "/bin/sh", "-c", "\(setup); exec sleep 1000"]
        unshare.standardInput = FileHandle.nullDevice
        try unshare.run()
        // Until the child has run its setup and exec'd sleep (bounded: 30 s of 10 ms steps).
        for _ in 0..<3000 {
            let children = (try? String(contentsOfFile: "/proc/\(unshare.processIdentifier)/task/\(unshare.processIdentifier)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ Int32($0) }),
               (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) == "sleep\n" {
                pid = child
                return
            }
            if !unshare.isRunning { break }
            usleep(10_000)
        }
        stop()
        throw TargetError(message: "unshare \(flags) did not start its sleep")
    }

    struct TargetError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Records this process as running container `name` under `root`.
    func record(root: String, name: String, extra: [String] = []) throws {
        let start = StateCLI.startTime(of: pid) ?? "0"
        try StateCLI.writeState(root: root, name: name, lines: ["status=running", "created=\(time(nil))", "pid=\(pid)", "pid.starttime=\(start)"] + extra)
    }

    func stop() {
        if pid > 0 { kill(pid, SIGKILL) }
        if unshare.isRunning { kill(unshare.processIdentifier, SIGKILL) }
        unshare.waitUntilExit()
    }
}
