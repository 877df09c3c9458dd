import Foundation
import Glibc
import Testing

/// A state root, a busybox root file system and a folder the container and the test share (`/shared` inside),
/// for the tests of what a detached container's monitor does: its log, attach, restarts.
final class MonitorBench: @unchecked Sendable {
    let sandbox: MountSandbox
    let root: String
    /// Bound at /shared in the container: files the test and the container hand each other.
    let shared: String
    /// Unique per test: its containers' processes are found by it.
    let marker = String(Int.random(in: 100_000...999_999))

    init() throws {
        sandbox = try MountSandbox()
        root = sandbox.path + "/state"
        shared = try sandbox.makeDirectory("shared")
        try FileManager.default.createDirectory(atPath: sandbox.rootfs + "/shared", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox.rootfs + "/testmount", withIntermediateDirectories: true)
    }

    /// A spec running `script` with sh (MARKER in it becomes this bench's marker), with a terminal when asked, and a
    /// loop-mounted image at /testmount when given.
    func spec(_ script: String, terminal: Bool = false, image: String? = nil, name: String = "spec.yaml") throws -> String {
        var mounts = """
              - {destination: /proc, type: proc, source: proc}
              - {destination: /shared, type: bind, source: \(shared), options: [rbind]}

            """
        if let image { mounts += "  - {destination: /testmount, type: ext4, source: \(image), options: [loop]}\n" }
        let quoted = script.replacingOccurrences(of: "MARKER", with: marker).replacingOccurrences(of: "'", with: "''")
        return try sandbox.write(name, """
            hostname: monitored
            root: {path: \(sandbox.rootfs)}
            process:
              terminal: \(terminal)
              args: [/bin/sh, -c, '\(quoted)']
            mounts:
            \(mounts)linux:
              namespaces: [uts, pid, ipc, mount]
            """)
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    /// `mydocker ARGUMENTS` started in the background (stdout and stderr to files).
    func start(_ arguments: [String]) -> RunningProcess {
        ProcessRunner.start([MyDockerBinary.path, arguments[0], "--root", root] + arguments.dropFirst(),
                            environment: ProcessRunner.inheritedEnvironment(changing: ["MYDOCKER_ROOT": nil]))
    }

    /// `mydocker ARGUMENTS` on a terminal of its own.
    func onTerminal(_ arguments: [String], rows: UInt16 = 24, columns: UInt16 = 80) throws -> PtySession {
        try PtySession([MyDockerBinary.path, arguments[0], "--root", root] + arguments.dropFirst(), rows: rows, columns: columns)
    }

    /// `ps --all --format json`'s row for `name`.
    func row(_ name: String) throws -> [String: Any]? {
        let output = try run(["ps", "--all", "--format", "json"])
        let rows = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
        return rows.first { $0["name"] as? String == name }
    }

    func statusText(_ name: String) throws -> String? { try row(name)?["statusText"] as? String }

    /// A key of the container's state file.
    func state(_ name: String, _ key: String) -> String? {
        let text = (try? String(contentsOfFile: "\(root)/\(name)/state", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    func monitorPid(_ name: String) -> pid_t? { state(name, "monitor.pid").flatMap { pid_t($0) } }

    /// Creates `name` in the shared folder (what a container waits for).
    func signal(_ name: String) throws {
        try "go\n".write(toFile: shared + "/" + name, atomically: false, encoding: .utf8)
    }

    /// Processes of this test still alive: containers (with the marker) and monitors of this state root.
    func leftoverProcesses() -> [String] {
        HostProcesses.all().compactMap { pid, words in
            let ours = words.contains { $0.contains(marker) } || (words.contains("monitor") && words.contains(root))
            return ours ? "\(pid): \(words.joined(separator: " "))" : nil
        }
    }

    deinit {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }
        if !names.isEmpty { _ = try? run(["rm", "--force"] + names) }
    }
}
