import Foundation
import Glibc
import Testing

/// podman (with conmon) on a private store, offline, from a plain root file system (`--rootfs`), with the runtime
/// under test (see /work/shared/peers.md for the flags this machine needs). Its containers' cgroups go under a
/// parent of the test's own (`--cgroup-parent /engtest-podman.XXXXXX`), removed with the store by ``shutdown()``.
final class PodmanEngine: Engine {
    static let program = "/usr/bin/podman"
    let name = "podman"
    let workspace: EngineWorkspace
    var rootfs: String { workspace.rootfs }
    let runtime: String
    private let environment: [String: String]

    init(runtime: String = EngineRuntime.path) throws {
        let workspace = try EngineWorkspace("podman")
        let work = workspace.work
        self.workspace = workspace
        self.runtime = runtime
        // podman passes --log-format=json --log FILE (which conmon reads errors from) only to runtimes whose file
        // name is in runtime_supports_json: the system's containers.conf with the runtime's name added to it.
        let system = try String(contentsOfFile: "/usr/share/containers/containers.conf", encoding: .utf8)
        let runtimeName = (runtime as NSString).lastPathComponent
        let conf = system.replacingOccurrences(of: "\n[engine]\n", with: """

            [engine]
            runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "\(runtimeName)"]

            """)
        try conf.write(toFile: work + "/containers.conf", atomically: false, encoding: .utf8)
        environment = ProcessRunner.inheritedEnvironment(changing: ["CONTAINERS_CONF": work + "/containers.conf"])
    }

    /// `podman GLOBAL-FLAGS ARGUMENTS`, killed after `seconds`.
    func podman(_ arguments: [String], seconds: Double = 60) -> ProcessOutput {
        ProcessRunner.spawnAndWait([Self.program, "--root", workspace.work + "/store", "--runroot", workspace.work + "/run",
                                    "--tmpdir", workspace.work + "/tmp", "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
                                    "--events-backend", "file", "--runtime", runtime] + arguments,
                                   seconds: seconds, environment: environment)
    }

    /// `run`'s flags: no network, this machine's rlimits, the test's cgroup parent, then the options.
    private func runFlags(_ options: EngineRunOptions) -> [String] {
        var flags = ["--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                     "--cgroup-parent", workspace.cgroupParent]
        for (key, value) in options.environment.sorted(by: { $0.key < $1.key }) { flags += ["--env", "\(key)=\(value)"] }
        if let directory = options.workingDirectory { flags += ["--workdir", directory] }
        if let hostname = options.hostname { flags += ["--hostname", hostname] }
        if let user = options.user { flags += ["--user", user] }
        if options.readOnlyRoot { flags.append("--read-only") }
        for bind in options.binds { flags += ["--volume", "\(bind.source):\(bind.destination)\(bind.readOnly ? ":ro" : "")"] }
        if options.terminal { flags.append("--tty") }
        return flags
    }

    func run(_ options: EngineRunOptions, _ command: [String]) -> ProcessOutput {
        podman(["run", "--rm"] + runFlags(options) + ["--rootfs", rootfs] + command)
    }

    func startDetached(_ id: String, _ command: [String]) -> ProcessOutput {
        podman(["run", "--detach", "--name", id] + runFlags(EngineRunOptions()) + ["--rootfs", rootfs] + command)
    }

    func exec(_ id: String, _ command: [String]) -> ProcessOutput {
        podman(["exec", id] + command)
    }

    func logs(_ id: String) -> ProcessOutput {
        podman(["logs", id])
    }

    func stop(_ id: String) -> Int? {
        guard podman(["stop", "--time", "20", id]).status == 0 else { return nil }
        return Int(podman(["inspect", "--format", "{{.State.ExitCode}}", id]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func remove(_ id: String) -> Bool {
        podman(["rm", id]).status == 0
    }

    func shutdown() {
        _ = podman(["rm", "--all", "--force", "--time", "0"])
        // conmon's cgroup (and any the runtime left) under the test's parent.
        removeCgroups(under: workspace.cgroupParent, expected: ["conmon"])
        removeEngineWorkDirectory(workspace.work)
    }
}
