import Foundation
import Glibc
import Testing

/// A containerd of the test's own (its root, state, socket and config in `/tmp/engtest-containerd.XXXXXX`, the CRI
/// plugin off), driven with `ctr`; its runc shim (io.containerd.runc.v2) calls the runtime under test
/// (`--runc-binary`). Each container's spec is containerd's default (`ctr oci spec`) with the test's options
/// applied, as ctr's own flags would (ctr 1.6 has no flag for the hostname or the user), and a cgroup path under
/// the test's parent, removed by ``shutdown()``.
final class ContainerdEngine: Engine {
    static let daemonProgram = "/usr/bin/containerd"
    static let ctrProgram = "/usr/bin/ctr"
    let name = "containerd"
    let workspace: EngineWorkspace
    var rootfs: String { workspace.rootfs }
    let runtime: String
    let socket: String
    private var daemon: RunningProcess?
    private var defaultSpec: [String: Any] = [:]
    private var count = 0

    init(runtime: String = EngineRuntime.path) throws {
        let workspace = try EngineWorkspace("containerd")
        let work = workspace.work
        self.workspace = workspace
        socket = work + "/containerd.sock"
        self.runtime = runtime
        try """
            version = 2
            root = "\(work)/root"
            state = "\(work)/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "\(socket)"
            [ttrpc]
              address = "\(socket).ttrpc"
            [debug]
              address = ""
            """.write(toFile: work + "/config.toml", atomically: false, encoding: .utf8)
        daemon = ProcessRunner.start([Self.daemonProgram, "--config", work + "/config.toml"])
        guard waitUntil(seconds: 30, { ctr(["version"], seconds: 5).status == 0 }) else {
            let log = daemon?.files.output(status: 0).stderr ?? ""
            shutdown()
            throw EngineError.notStarted("containerd did not answer on \(socket): \(log.suffix(2000))")
        }
        let spec = ctr(["oci", "spec"])
        guard spec.status == 0, let json = try JSONSerialization.jsonObject(with: spec.stdoutData) as? [String: Any] else {
            shutdown()
            throw EngineError.notStarted("ctr oci spec: \(spec)")
        }
        defaultSpec = json
    }

    enum EngineError: Error { case notStarted(String) }

    /// `ctr --address SOCKET --namespace engtest ARGUMENTS`, killed after `seconds`.
    func ctr(_ arguments: [String], seconds: Double = 60) -> ProcessOutput {
        ProcessRunner.spawnAndWait([Self.ctrProgram, "--address", socket, "--namespace", "engtest"] + arguments, seconds: seconds)
    }

    /// containerd's default spec with `options` and `command` applied, written to a file for `ctr run --config`.
    func specFile(_ id: String, _ options: EngineRunOptions, _ command: [String]) throws -> String {
        var spec = defaultSpec
        var process = spec["process"] as? [String: Any] ?? [:]
        process["args"] = command
        process["env"] = (process["env"] as? [String] ?? []) + options.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let directory = options.workingDirectory { process["cwd"] = directory }
        if let user = options.user {
            let ids = user.split(separator: ":").compactMap { Int($0) }
            process["user"] = ["uid": ids.first ?? 0, "gid": ids.last ?? 0]
        }
        process["terminal"] = options.terminal
        spec["process"] = process
        if let hostname = options.hostname { spec["hostname"] = hostname }
        spec["root"] = ["path": rootfs, "readonly": options.readOnlyRoot]
        spec["mounts"] = (spec["mounts"] as? [[String: Any]] ?? []) + options.binds.map { bind in
            ["destination": bind.destination, "type": "bind", "source": bind.source,
             "options": ["rbind", bind.readOnly ? "ro" : "rw"]]
        }
        var linux = spec["linux"] as? [String: Any] ?? [:]
        linux["cgroupsPath"] = "\(workspace.cgroupParent)/\(id)"
        spec["linux"] = linux
        let path = "\(workspace.work)/\(id).json"
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `ctr run`'s flags for the runtime under test: its binary, its state folder (`--root` the shim passes it) and
    /// the FIFOs of the container's streams, both in the engine's folder rather than /run/containerd.
    private func runtimeFlags(_ spec: String) -> [String] {
        ["--runc-binary", runtime, "--runc-root", workspace.work + "/runtime", "--fifo-dir", workspace.work + "/fifo", "--config", spec]
    }

    /// A new container id: `engtest-N`.
    func newID() -> String {
        count += 1
        return "engtest-\(count)"
    }

    func run(_ options: EngineRunOptions, _ command: [String]) -> ProcessOutput {
        let id = newID()
        do {
            let spec = try specFile(id, options, command)
            return ctr(["run", "--rm"] + runtimeFlags(spec) + [id])
        } catch {
            return ProcessOutput(status: -1, stdout: "", stderr: "\(error)")
        }
    }

    /// `ctr run --tty` needs a terminal of its own: the command on a pseudo-terminal (``PtySession``).
    func runOnTerminal(_ options: EngineRunOptions, _ command: [String]) throws -> PtySession {
        var options = options
        options.terminal = true
        let id = newID()
        let spec = try specFile(id, options, command)
        return try PtySession([Self.ctrProgram, "--address", socket, "--namespace", "engtest",
                               "run", "--rm", "--tty"] + runtimeFlags(spec) + [id])
    }

    func startDetached(_ id: String, _ command: [String]) -> ProcessOutput {
        do {
            let spec = try specFile(id, EngineRunOptions(), command)
            return ctr(["run", "--detach"] + runtimeFlags(spec) + [id])
        } catch {
            return ProcessOutput(status: -1, stdout: "", stderr: "\(error)")
        }
    }

    func exec(_ id: String, _ command: [String]) -> ProcessOutput {
        count += 1
        return ctr(["task", "exec", "--fifo-dir", workspace.work + "/fifo", "--exec-id", "engtest-exec-\(count)", id] + command)
    }

    func stop(_ id: String) -> Int? {
        guard ctr(["task", "kill", "--signal", "SIGTERM", id]).status == 0 else { return nil }
        let stopped = waitUntil(seconds: 30) {
            ctr(["task", "ls"]).stdout.split(separator: "\n").contains { $0.hasPrefix(id + " ") && $0.hasSuffix("STOPPED") }
        }
        guard stopped else { return nil }
        // `task delete` reports a non-zero exit code on its standard error ("… exit with non-zero exit code N").
        let deleted = ctr(["task", "delete", id])
        guard deleted.status == 0 else { return nil }
        guard let range = deleted.stderr.range(of: "exit code ") else { return 0 }
        return Int(deleted.stderr[range.upperBound...].prefix { $0.isNumber })
    }

    func remove(_ id: String) -> Bool {
        ctr(["container", "delete", id]).status == 0
    }

    func shutdown() {
        if daemon != nil {
            for line in ctr(["task", "ls", "--quiet"]).stdout.split(separator: "\n") {
                _ = ctr(["task", "delete", "--force", String(line)])
            }
            for line in ctr(["container", "ls", "--quiet"]).stdout.split(separator: "\n") {
                _ = ctr(["container", "delete", String(line)])
            }
        }
        if let daemon {
            kill(daemon.pid, SIGTERM)
            if daemon.wait(seconds: 20) == nil { Issue.record("containerd did not stop on SIGTERM") }
            daemon.files.remove()
        }
        daemon = nil
        removeCgroups(under: workspace.cgroupParent)
        removeEngineWorkDirectory(workspace.work)
    }
}
