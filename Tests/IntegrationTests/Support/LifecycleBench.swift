import Foundation
import Glibc
import Testing

/// A state root and a busybox sandbox for one test of the lifecycle verbs (stop, restart, wait, inspect, top, kill,
/// ps filters, apply's command and standard input), with real containers (as root). Container names carry the
/// suite's `prefix`, so that suites run side by side never share a cgroup (`/mydocker-NAME`).
final class LifecycleBench: Sendable {
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

    /// `prefix-NAME`.
    func name(_ name: String) -> String { "\(prefix)-\(name)" }

    /// A shell that says `up`, then waits for `sleep MARKER` (a child of its own), its traps as given: a trapped
    /// signal ends the wait at once.
    func script(traps: String = "") -> String {
        "\(traps)echo up; sleep \(marker) & wait $!"
    }

    /// A spec in the sandbox that runs `/bin/sh -c SCRIPT` (or `args`, YAML) in new uts, pid, ipc and mount
    /// namespaces (and a user namespace when asked), with /proc and a /dev tmpfs (its default devices: busybox sh
    /// opens /dev/null for a background job) mounted, or `mounts` (YAML list items), and `extra` YAML at the end.
    @discardableResult
    func spec(_ file: String = "spec.yaml", hostname: String = "lifecycle", script: String? = nil, args: String? = nil,
              userns: Bool = false, rootfs: String? = nil, mounts: [String]? = nil, extra: String = "") throws -> String {
        var linux = "  namespaces: [\(userns ? "user, " : "")uts, pid, ipc, mount]\n"
        if userns {
            linux += "  uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\n"
            linux += "  gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\n"
        }
        return try sandbox.write(file, """
            hostname: \(hostname)
            root:
              path: \(rootfs ?? sandbox.rootfs)
            process:
              args: \(args ?? "[/bin/sh, -c, '\(script ?? self.script())']")
            mounts:
            \((mounts ?? Self.defaultMounts).map { "  - \($0)\n" }.joined())linux:
            \(linux)\(extra)
            """)
    }

    static let defaultMounts = ["{destination: /proc, type: proc, source: proc}", "{destination: /dev, type: tmpfs, source: tmpfs}"]

    /// `mydocker COMMAND --root ROOT ARGUMENTS...`.
    func run(_ arguments: [String], stdin: String? = nil, directory: String? = nil) throws -> ProcessOutput {
        var changes: [String: String?] = ["MYDOCKER_ROOT": nil]
        changes["NO_COLOR"] = "1"
        return try MyDockerBinary.run([arguments[0], "--root", root] + arguments.dropFirst(),
                                      environment: ProcessRunner.inheritedEnvironment(changing: changes),
                                      directory: directory, stdin: stdin)
    }

    /// Starts `mydocker COMMAND --root ROOT ARGUMENTS...` without waiting for it.
    func start(_ arguments: [String]) -> RunningProcess {
        ProcessRunner.start([MyDockerBinary.path, arguments[0], "--root", root] + arguments.dropFirst())
    }

    /// `ps --all --format json`, by name.
    func ps() throws -> [String: [String: Any]] {
        let output = try run(["ps", "--all", "--format", "json"])
        let rows = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
        return Dictionary(rows.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { $1 })
    }

    /// `inspect NAMES...` parsed: the array's objects.
    func inspect(_ names: [String]) throws -> [[String: Any]] {
        let output = try run(["inspect"] + names)
        return (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    /// What `name` wrote to its stdout, as `logs` prints it.
    func log(_ name: String) -> String {
        (try? run(["logs", name]))?.stdout ?? ""
    }

    /// The processes of this test still alive: its containers' (`sleep MARKER`) and the monitors of its state root.
    func leftoverProcesses() -> [String] {
        HostProcesses.all().compactMap { pid, words in
            let ours = words.contains(marker) || (words.contains("monitor") && words.contains(root))
            return ours ? "\(pid): \(words.joined(separator: " "))" : nil
        }
    }

    /// The pids of this test's `sleep MARKER` processes.
    func markerPids() -> Set<Int> {
        Set(HostProcesses.all().filter { $0.words == ["sleep", marker] }.compactMap { Int($0.pid) })
    }

    deinit {
        // Whatever a failed test left running.
        if let names = try? ps().keys, !names.isEmpty { _ = try? run(["rm", "--force"] + names) }
    }
}
