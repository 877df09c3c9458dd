import Foundation
import Glibc
import Testing

/// A state root, a busybox root file system and OCI bundles (config.json) for the tests of the OCI runtime commands
/// (create, start, state, kill, delete, run, list, ps, exec), as engines call them. IDs carry the suite's `prefix`,
/// so that suites run side by side never share a cgroup (`/mydocker-ID`).
final class OCIBench: Sendable {
    let sandbox: MountSandbox
    let root: String
    let prefix: String
    /// Unique per test: `sleep MARKER` finds this test's container processes in the host's process table.
    let marker = String(Int.random(in: 100_000...999_999))

    init(prefix: String) throws {
        sandbox = try MountSandbox()
        root = sandbox.path + "/state"
        self.prefix = prefix
    }

    /// `prefix-ID`.
    func id(_ id: String) -> String { "\(prefix)-\(id)" }

    /// A shell that says `up`, then waits for `sleep MARKER` (a child of its own), its traps as given.
    func script(traps: String = "") -> String {
        "\(traps)echo up; sleep \(marker) & wait $!"
    }

    /// A bundle folder `name` holding a config.json that runs `args` (default: /bin/sh -c SCRIPT) in new pid, mount,
    /// uts and ipc namespaces, with /proc and a /dev tmpfs, and `extra` keys (JSON members) at the top level.
    @discardableResult
    func bundle(_ name: String = "bundle", args: [String]? = nil, script: String? = nil, terminal: Bool = false,
                extra: [String: Any] = [:]) throws -> String {
        let folder = sandbox.path + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var config: [String: Any] = [
            "ociVersion": "1.0.2",
            "root": ["path": sandbox.rootfs],
            "hostname": "oci",
            "process": [
                "args": args ?? ["/bin/sh", "-c", script ?? self.script()], "cwd": "/", "terminal": terminal,
                "env": ["PATH=/bin:/sbin:/usr/bin"], "user": ["uid": 0, "gid": 0],
                "capabilities": ["bounding": ["CAP_KILL", "CAP_SETUID", "CAP_SETGID"], "effective": ["CAP_KILL", "CAP_SETUID", "CAP_SETGID"],
                                 "permitted": ["CAP_KILL", "CAP_SETUID", "CAP_SETGID"]],
            ],
            "mounts": [
                ["destination": "/proc", "type": "proc", "source": "proc"],
                ["destination": "/dev", "type": "tmpfs", "source": "tmpfs"],
            ],
            "linux": ["namespaces": [["type": "pid"], ["type": "mount"], ["type": "uts"], ["type": "ipc"]]],
        ]
        for (key, value) in extra { config[key] = value }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder + "/config.json"))
        return folder
    }

    /// `mydocker --root ROOT ARGUMENTS...` (runc's global option first, as engines give it).
    func run(_ arguments: [String], stdin: String? = nil, directory: String? = nil) throws -> ProcessOutput {
        try MyDockerBinary.run(["--root", root] + arguments,
                               environment: ProcessRunner.inheritedEnvironment(changing: ["MYDOCKER_ROOT": nil, "NO_COLOR": "1"]),
                               directory: directory, stdin: stdin)
    }

    /// Starts `mydocker --root ROOT ARGUMENTS...` without waiting for it; its stdout and stderr are files the
    /// container inherits (the conformance suite's way).
    func start(_ arguments: [String], descriptors: [Int32: Int32] = [:]) -> RunningProcess {
        ProcessRunner.start([MyDockerBinary.path, "--root", root] + arguments, descriptors: descriptors)
    }

    /// `state ID` parsed; nil when it fails.
    func state(_ id: String) -> [String: Any]? {
        guard let output = try? run(["state", id]), output.status == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: output.stdoutData) as? [String: Any]
    }

    func status(_ id: String) -> String? { state(id)?["status"] as? String }

    /// What this test's containers could leave on the host: their cgroups (by the suite's prefix), the mounts that
    /// name the sandbox, the loop devices and the hostname (its bundles make no network namespace). Other engineers' containers
    /// come and go on this machine meanwhile; this test's must not.
    func hostState() throws -> [String] {
        let snapshot = try HostSnapshot.now()
        return snapshot.cgroups.filter { $0.contains(prefix) }
            + snapshot.mountinfo.split(separator: "\n").map(String.init).filter { $0.contains(sandbox.path) || $0.contains(prefix) }
            + [HostSnapshot.loopDevices(), snapshot.hostname]
    }

    /// The processes of this test still alive (its containers' `sleep MARKER`).
    func leftoverProcesses() -> [String] {
        HostProcesses.all().compactMap { pid, words in words.contains(marker) ? "\(pid): \(words.joined(separator: " "))" : nil }
    }

    /// The containers left in the state root.
    func leftoverContainers() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }
    }

    deinit {
        for id in leftoverContainers() { _ = try? run(["delete", "--force", id]) }
    }
}
