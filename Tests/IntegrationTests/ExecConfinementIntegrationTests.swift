import Foundation
import Glibc
import Testing

/// `mydocker exec` into a detached container gives its command the container's confinement and cgroup, as runc's
/// exec does: the capability sets, no_new_privs, the seccomp filter, the rlimits, and the cgroup (so `kill`
/// reaches it and the limits apply). Real containers, as root; the host is unchanged after `rm`.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct ExecConfinementIntegrationTests {
    let sandbox: MountSandbox
    let root: String
    /// Unique per test: `sleep MARKER` is the container's process.
    let marker = String(Int.random(in: 100_000...999_999))

    init() throws {
        sandbox = try MountSandbox()
        root = sandbox.path + "/state"
    }

    /// runc's default config (`runc spec`: 3 capabilities, no_new_privs, RLIMIT_NOFILE 1024) whose process sleeps,
    /// with a seccomp profile refusing uname (ENOSYS), in a pid namespace unless `pidNamespace` is false.
    func spec(noNewPrivileges: Bool = true, pidNamespace: Bool = true) throws -> String {
        let namespaces = (pidNamespace ? [#"{"type": "pid"}"#] : []) + [#"{"type": "ipc"}"#, #"{"type": "uts"}"#, #"{"type": "mount"}"#]
        return try sandbox.write("config.json", """
            {
              "ociVersion": "1.0.2-dev",
              "process": {
                "terminal": false, "args": ["sleep", "\(marker)"],
                "env": ["PATH=/bin"], "cwd": "/", "user": {"uid": 0, "gid": 0},
                "capabilities": {
                  "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
                },
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                "noNewPrivileges": \(noNewPrivileges)
              },
              "root": {"path": "rootfs", "readonly": true},
              "hostname": "confined",
              "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
              "linux": {
                "namespaces": [\(namespaces.joined(separator: ", "))],
                "seccomp": {
                  "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                  "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]
                }
              }
            }
            """)
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    /// The container's own process: `sleep MARKER` on the host.
    func containerProcess() -> String? {
        HostProcesses.all().first { $0.words == ["sleep", marker] }?.pid
    }

    func field(_ text: String, _ name: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    func startContainer(noNewPrivileges: Bool = true, pidNamespace: Bool = true) throws -> String {
        let started = try run(["apply", "--detach", "--name", "box", try spec(noNewPrivileges: noNewPrivileges, pidNamespace: pidNamespace)])
        try #require(started.status == 0, "\(started)")
        let pid = try #require(waitUntil(seconds: 10) { containerProcess() != nil } ? containerProcess() : nil)
        return pid
    }

    func remove() throws {
        let removed = try run(["rm", "--force", "box"])
        #expect(removed.status == 0, "\(removed)")
    }

    @Test(arguments: [true, false])
    func theCommandGetsTheContainersConfinementAndCgroup(noNewPrivileges: Bool) throws {
        let before = try HostSnapshot.now()
        let pid = try startContainer(noNewPrivileges: noNewPrivileges)
        let own = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let status = try run(["exec", "box", "--", "cat", "/proc/self/status"])
        #expect(status.status == 0 && status.stderr == "", "\(status)")
        for name in ["CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb", "NoNewPrivs", "Seccomp"] {
            #expect(field(status.stdout, name) == field(own, name), "\(name) differs from the container's process")
        }
        // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29).
        #expect(field(status.stdout, "CapEff") == "0000000020000420")
        #expect(field(status.stdout, "CapBnd") == "0000000020000420")
        #expect(field(status.stdout, "NoNewPrivs") == (noNewPrivileges ? "1" : "0"))
        #expect(field(status.stdout, "Seccomp") == "2")
        // The filtered call is refused, the limits are the container's.
        let calls = try run(["exec", "box", "--", "sh", "-c", "uname -s; ulimit -n; ulimit -Hn"])
        #expect(!calls.stdout.contains("Linux"), "uname answered: \(calls)")
        #expect(calls.stdout.hasSuffix("1024\n1024\n"), "\(calls)")
        // The container's cgroup, in every hierarchy.
        let cgroup = try run(["exec", "box", "--", "cat", "/proc/self/cgroup"])
        #expect(cgroup.status == 0)
        #expect(cgroup.stdout == (try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)))
        #expect(cgroup.stdout.contains("/mydocker-box"))
        try remove()
        try HostSnapshot.expectUnchanged(since: before)
        sandbox.expectNoLeaks()
    }

    @Test func killReachesAnExecdProcessWithoutAPidNamespace() throws {
        let before = try HostSnapshot.now()
        _ = try startContainer(pidNamespace: false)
        let execMarker = String(Int(marker)! + 1)
        let exec = ProcessRunner.start([MyDockerBinary.path, "exec", "--root", root, "box", "--", "sleep", execMarker],
                                       environment: ProcessRunner.inheritedEnvironment(changing: ["MYDOCKER_ROOT": nil]))
        #expect(waitUntil(seconds: 10) { !HostProcesses.pids(withArgument: execMarker).filter { p in
            (try? String(contentsOfFile: "/proc/\(p)/comm", encoding: .utf8)) == "sleep\n" }.isEmpty })
        let killed = try run(["kill", "box", "KILL"])
        #expect(killed.status == 0, "\(killed)")
        let status = exec.wait(seconds: 10)
        #expect(status == 137, "exec ended with \(String(describing: status))")
        #expect(waitUntil(seconds: 10) { HostProcesses.pids(withArgument: execMarker).isEmpty })
        try remove()
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func aContainerRecordedWithoutConfinementKeepsTodaysExec() throws {
        _ = try startContainer()
        // As an older mydocker wrote it: no confinement keys.
        let file = root + "/box/state"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let old = text.split(separator: "\n").filter { line in
            !["caps.", "noNewPrivileges=", "rlimit=", "seccomp"].contains { line.hasPrefix($0) }
        }.joined(separator: "\n") + "\n"
        try old.write(toFile: file, atomically: true, encoding: .utf8)
        let status = try run(["exec", "box", "--", "cat", "/proc/self/status"])
        #expect(status.status == 0, "\(status)")
        #expect(field(status.stdout, "CapEff") != "0000000020000420")
        #expect(field(status.stdout, "NoNewPrivs") == "0")
        #expect(field(status.stdout, "Seccomp") == "0")
        try remove()
    }

    /// A failure at a new stage is named, the command never runs, and nothing of it is left.
    @Test(arguments: [
        ("s/^caps.effective=.*/caps.effective=CAP_SYS_ADMIN/",
         "mydocker exec: set the command's capabilities to those of box: capset: Operation not permitted"),
        ("s#^cgroup.directory=\\(.*\\)/pids/mydocker-box#cgroup.directory=\\1/pids/mydocker-box-gone#",
         "mydocker exec: join the cgroup of box: open "),
        ("/^seccomp.flags=/d", "its seccomp program was never recorded"),
    ])
    func aFailureAtANewStageIsNamedAndLeavesNothing(edit: String, message: String) throws {
        _ = try startContainer()
        let file = root + "/box/state"
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        try #require(MountSandbox.run(["sed", "-i", edit, file]).status == 0)
        let execMarker = String(Int(marker)! + 2)
        let failed = try run(["exec", "box", "--", "sleep", execMarker])
        #expect(failed.status == 1)
        #expect(failed.stdout == "")
        #expect(failed.stderr.contains(message), "\(failed)")
        #expect(HostProcesses.pids(withArgument: execMarker).isEmpty)
        try saved.write(toFile: file, atomically: true, encoding: .utf8)
        let after = try run(["exec", "box", "--", "true"])
        #expect(after.status == 0, "\(after)")
        try remove()
    }
}
