import Foundation
import Glibc
import Testing

/// `mydocker exec` against a process in new namespaces (started with unshare(1)) recorded as a running container.
@Suite(.serialized) struct ExecIntegrationTests {
    @Test(.enabled(if: getuid() == 0, "needs root: creates namespaces with unshare and joins them with setns"))
    func hostnameIsTheContainersWhileTheHostKeepsItsOwn() throws {
        let box = try RecordedBox(setup: "hostname exec-test-box")
        defer { box.stop() }
        let root = box.root
        let host = HostSnapshot.hostname()
        let run = try StateCLI.run(["exec", "--root", root, "box", "--", "hostname"])
        #expect(run.stdout == "exec-test-box\n")
        #expect(run.stderr == "")
        #expect(run.status == 0)
        #expect(host != "exec-test-box")
        #expect(HostSnapshot.hostname() == host)
    }

    @Test(.enabled(if: getuid() == 0, "needs root: creates namespaces with unshare and joins them with setns"))
    func theCommandIsAProcessInsideThePidNamespace() throws {
        let box = try RecordedBox(setup: "true")
        defer { box.stop() }
        let root = box.root
        let run = try StateCLI.run(["exec", "--root", root, "box", "--", "sh", "-c", "echo $$; cat /proc/1/comm"])
        let lines = run.stdout.split(separator: "\n")
        #expect(run.status == 0)
        #expect(lines.count == 2)
        // The container's sleep is PID 1 there; the command gets one of the next few pids.
        #expect((lines.first.flatMap { Int($0) } ?? 0) > 1)
        #expect((lines.first.flatMap { Int($0) } ?? 1000) < 100)
        #expect(lines.last == "sleep")
    }

    @Test(.enabled(if: getuid() == 0, "needs root: creates a user namespace with unshare and joins it with setns"))
    func userNamespaceMappingAndRootAreTheContainers() throws {
        let state = try Scratch()
        let root = state.path
        let rootfs = root + "/rootfs"
        defer { withExtendedLifetime(state) {} }
        try BusyboxRootfs.make(at: rootfs)
        let target = try UnshareTarget(
            flags: ["--user", "--map-root-user", "--uts", "--ipc", "--net", "--pid", "--mount", "--cgroup", "--time", "--root=\(rootfs)"],
            setup: "mount -t proc proc /proc && hostname rootfs-box"
        )
        defer { target.stop() }
        try target.record(root: root, name: "box", extra: ["env=PATH=/bin", "env=GREETING=hi", "cwd=/etc"])
        let expectedMap = try String(contentsOfFile: "/proc/\(target.pid)/uid_map", encoding: .utf8)
        let map = try StateCLI.run(["exec", "--root", root, "box", "--", "cat", "/proc/self/uid_map"])
        #expect(map.stdout == expectedMap)
        #expect(map.status == 0)
        let inside = try StateCLI.run(["exec", "--root", root, "box", "--", "sh", "-c", "hostname; pwd; echo $GREETING; ls /etc; ip link | grep -c '^[0-9]'"])
        #expect(inside.stdout == "rootfs-box\n/etc\nhi\ngroup\npasswd\n1\n")
        let overridden = try StateCLI.run(["exec", "--root", root, "--cwd", "/bin", "--env", "GREETING=bye", "--user", "0:0", "box", "--", "sh", "-c", "pwd; echo $GREETING; id -u"])
        #expect(overridden.stdout == "/bin\nbye\n0\n")
    }

    @Test(.enabled(if: getuid() == 0, "needs root: creates namespaces with unshare and joins them with setns"))
    func exitStatusesAndSignalsPropagate() throws {
        let box = try RecordedBox(setup: "true")
        defer { box.stop() }
        let root = box.root
        #expect(try StateCLI.run(["exec", "--root", root, "box", "--", "sh", "-c", "exit 7"]).status == 7)
        #expect(try StateCLI.run(["exec", "--root", root, "box", "--", "sh", "-c", "kill -9 $$"]).status == 137)
        let missing = try StateCLI.run(["exec", "--root", root, "box", "--", "no-such-command"])
        #expect(missing.status == 127)
        #expect(missing.stderr == "mydocker exec: no-such-command: command not found in the container\n")
        let notExecutable = try StateCLI.run(["exec", "--root", root, "box", "--", "/tmp"])
        #expect(notExecutable.status == 126)
        #expect(notExecutable.stderr == "mydocker exec: /tmp: cannot execute: Permission denied\n")
    }

    @Test(.enabled(if: getuid() == 0, "needs root: creates namespaces with unshare and joins them with setns"))
    func terminatingExecForwardsTheSignal() throws {
        let box = try RecordedBox(setup: "true")
        defer { box.stop() }
        let root = box.root
        let target = box.target
        let exec = Process()
        exec.executableURL = URL(fileURLWithPath: MyDockerBinary.path)
        exec.arguments = ["exec", "--root", root, "box", "--", "sleep", "600"]
        exec.standardInput = FileHandle.nullDevice
        try exec.run()
        // Until the command's sleep runs in the container (bounded), then SIGTERM to exec.
        var seen = false
        for _ in 0..<500 where !seen {
            let ps = try StateCLI.run(["exec", "--root", root, "box", "--", "sh", "-c", "grep -l '^sleep' /proc/[0-9]*/comm | wc -l"])
            seen = ps.stdout == "2\n"
            if !seen { usleep(10_000) }
        }
        #expect(seen)
        kill(exec.processIdentifier, SIGTERM)
        // If the signal were not forwarded, the sleep would go on: end the container then (bounded: 30 s).
        for _ in 0..<3000 where exec.isRunning { usleep(10_000) }
        if exec.isRunning { target.stop() }
        exec.waitUntilExit()
        #expect(exec.terminationReason == .exit)
        #expect(exec.terminationStatus == 128 + SIGTERM)
    }

    @Test func aContainerThatIsNotRunningIsReported() throws {
        let state = try Scratch()
        let root = state.path
        defer { withExtendedLifetime(state) {} }
        try StateCLI.writeState(root: root, name: "gone", lines: ["status=exited", "created=1", "exit.code=0"])
        let run = try StateCLI.run(["exec", "--root", root, "gone", "--", "true"])
        #expect(run.status == 1)
        #expect(run.stderr == (getuid() == 0 ? "mydocker exec: container gone is not running\n"
            : "mydocker exec: exec needs root: joining another process's namespaces takes CAP_SYS_ADMIN (effective uid is \(geteuid())); run it with sudo\n"))
        let unknown = try StateCLI.run(["exec", "--root", root, "nobody", "--", "true"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr == (getuid() == 0 ? "mydocker exec: no such container: nobody\n"
            : "mydocker exec: exec needs root: joining another process's namespaces takes CAP_SYS_ADMIN (effective uid is \(geteuid())); run it with sudo\n"))
    }

    @Test(.enabled(if: getuid() == 0, "needs root: starts a process and records it"))
    func aRecycledPidIsNotEntered() throws {
        let state = try Scratch()
        let root = state.path
        defer { withExtendedLifetime(state) {} }
        let target = try UnshareTarget(flags: ["--uts", "--pid", "--mount-proc"], setup: "true")
        defer { target.stop() }
        // The pid is alive, but it started at another time than recorded: another process.
        try StateCLI.writeState(root: root, name: "box", lines: ["status=running", "created=1", "pid=\(target.pid)", "pid.starttime=1"])
        let run = try StateCLI.run(["exec", "--root", root, "box", "--", "true"])
        #expect(run.status == 1)
        #expect(run.stderr == "mydocker exec: container box is not running\n")
    }

    @Test func withoutACommandItSaysHow() throws {
        let run = try StateCLI.run(["exec", "box"])
        #expect(run.status == 125)
        #expect(run.stderr.contains("name a command: mydocker exec box -- CMD [ARGS...]"))
    }
}
