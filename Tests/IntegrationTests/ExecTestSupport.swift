import Foundation
import Glibc

/// Runs the built `mydocker` for the state, exec, ps and check tests, and writes container state by hand.
enum StateCLI {
    /// `mydocker ARGUMENTS` with our environment without MYDOCKER_ROOT, and `environment` on top.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessOutput {
        var changes: [String: String?] = ["MYDOCKER_ROOT": nil]
        for (key, value) in environment { changes[key] = value }
        return try MyDockerBinary.run(arguments, environment: ProcessRunner.inheritedEnvironment(changing: changes))
    }

    /// The state letter of /proc/PID/stat (R, S, Z...); nil once the process is reaped.
    static func processState(of pid: Int32) -> String? {
        statFields(of: pid)?.first.map(String.init)
    }

    /// Field 22 of /proc/PID/stat.
    static func startTime(of pid: Int32) -> String? {
        statFields(of: pid).flatMap { $0.count > 19 ? String($0[19]) : nil }
    }

    /// The fields of /proc/PID/stat after the command name (field 3 on), nil when there is no such process.
    static func statFields(of pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
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

/// The usual set-up of an exec test: a state root of its own holding one running container, "box", recorded for
/// an unshare(1) target in new uts and pid namespaces with its own /proc. End it with ``stop()`` (in a defer).
final class RecordedBox {
    let state: Scratch
    let target: UnshareTarget
    var root: String { state.path }
    /// The container's root with `init(rootfs:)`.
    var rootfs: String { state.path + "/rootfs" }

    init(setup: String) throws {
        state = try Scratch()
        target = try UnshareTarget(flags: ["--uts", "--pid", "--mount-proc"], setup: setup)
        try record()
    }

    /// A box whose root is a busybox rootfs (in the state folder), which `prepare` completes before the container
    /// starts in new uts, pid and mount namespaces (no /proc mounted).
    init(rootfs prepare: (String) throws -> Void) throws {
        state = try Scratch()
        try BusyboxRootfs.make(at: state.path + "/rootfs")
        try prepare(state.path + "/rootfs")
        target = try UnshareTarget(flags: ["--uts", "--pid", "--mount", "--root=\(state.path)/rootfs"], setup: "true")
        try record()
    }

    private func record() throws {
        do {
            try target.record(root: state.path, name: "box")
        } catch {
            target.stop()
            throw error
        }
    }

    func stop() { target.stop() }
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
