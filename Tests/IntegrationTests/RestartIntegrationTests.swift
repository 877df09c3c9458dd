import Foundation
import Glibc
import Testing

/// `apply --detach --restart POLICY` (as root, real containers): the monitor restarts the container as docker
/// would, `ps` shows it restarting, `kill` and `rm --force` end it, and each run is cleaned up before the next.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
struct RestartIntegrationTests {
    /// A script that counts its runs in /shared/runs, exits with `status` for the first `failing` runs, then
    /// sleeps (the container stays up).
    static func counting(failing: Int, status: Int = 1) -> String {
        "n=$(cat /shared/runs 2>/dev/null || echo 0); echo $((n+1)) > /shared/runs; echo run $n; "
            + "[ $n -ge \(failing) ] && exec sleep MARKER; exit \(status)"
    }

    func runs(_ bench: MonitorBench) -> Int {
        Int(((try? String(contentsOfFile: bench.shared + "/runs", encoding: .utf8)) ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The container is over: its monitor has gone.
    func monitorGone(_ bench: MonitorBench, _ name: String) -> Bool {
        guard let pid = bench.monitorPid(name) else { return true }
        return kill(pid, 0) != 0
    }

    @Test func onFailureRestartsUpToItsCount() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "on-failure:2", try bench.spec("echo run; exit 3")]).status == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "exited 3")
        #expect(bench.state("box", "restart.count") == "2")
        #expect(bench.state("box", "restart") == "on-failure:2")
        #expect(try bench.run(["logs", "box"]).stdout == "run\nrun\nrun\n")
    }

    @Test func onFailureLeavesASuccessAlone() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "on-failure", try bench.spec("echo run; exit 0")]).status == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "exited 0")
        #expect(bench.state("box", "restart.count") == nil)
    }

    /// always: after a success, after a death by another signal than the stop signal; not after `kill` (SIGTERM).
    @Test func alwaysRestartsUntilKilled() throws {
        let bench = try MonitorBench()
        let spec = try bench.spec(Self.counting(failing: 2, status: 0))
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "always", spec]).status == 0)
        #expect(try waitUntil(seconds: 30) { try runs(bench) == 3 && bench.statusText("box") == "running" })
        let first = try #require(try bench.row("box")?["pid"] as? Int)
        #expect(try bench.run(["kill", "box", "HUP"]).status == 0)
        #expect(try waitUntil(seconds: 30) { try runs(bench) == 4 && bench.statusText("box") == "running" })
        #expect(try bench.row("box")?["pid"] as? Int != first)
        #expect(bench.state("box", "restart.count") == "3")
        // SIGTERM, its stop signal (kill's own default is docker's SIGKILL).
        #expect(try bench.run(["kill", "box", "TERM"]).status == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "killed by SIGTERM")
        #expect(runs(bench) == 4)
        #expect(bench.state("box", "restart.cancelled") == "1")
    }

    /// unless-stopped: as always, but a kill with any signal stops it for good.
    @Test func unlessStoppedStopsAtAnyKill() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "unless-stopped", try bench.spec(Self.counting(failing: 0))]).status == 0)
        #expect(try waitUntil(seconds: 30) { (try bench.statusText("box")) == "running" })
        #expect(try bench.run(["kill", "box", "HUP"]).status == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "killed by SIGHUP")
        #expect(runs(bench) == 1)
    }

    /// on-failure restarts a process that was killed (a failure), but not when `kill NAME KILL` killed it.
    @Test func onFailureRespectsTheUsersKill() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "on-failure", try bench.spec(Self.counting(failing: 0))]).status == 0)
        #expect(try waitUntil(seconds: 30) { (try bench.statusText("box")) == "running" })
        let pid = try #require(try bench.row("box")?["pid"] as? Int)
        #expect(kill(pid_t(pid), SIGKILL) == 0)
        #expect(try waitUntil(seconds: 30) { try runs(bench) == 2 && bench.statusText("box") == "running" })
        #expect(try bench.run(["kill", "box", "KILL"]).status == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "killed by SIGKILL")
        #expect(runs(bench) == 2)
    }

    /// Holds the container between two runs: its monitor stopped (SIGSTOP) while the state says restarting.
    /// Whether nobody holds the flock(2) on `path` (taken and given back at once when free).
    static func isFree(_ path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0
    }

    func holdRestarting(_ bench: MonitorBench, _ name: String) -> pid_t? {
        var held: pid_t?
        _ = waitUntil(seconds: 60) {
            guard bench.state(name, "status") == "restarting", let monitor = bench.monitorPid(name) else { return false }
            kill(monitor, SIGSTOP)
            // Stopped between runs, and holding neither the store's lock nor the container's: a command that takes
            // them (kill) must not wait for a monitor that cannot go on.
            if bench.state(name, "status") == "restarting", Self.isFree(bench.root + "/.lock"), Self.isFree(bench.root + "/" + name + "/.lock") {
                held = monitor
                return true
            }
            kill(monitor, SIGCONT)
            return false
        }
        return held
    }

    /// Between runs, ps says restarting and how the last run ended; attach and a signal that does not end it are
    /// refused; kill (SIGTERM) ends it there.
    @Test func restartingIsShownAndKillEndsIt() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "always", try bench.spec("exit 1")]).status == 0)
        let monitor = try #require(holdRestarting(bench, "box"))
        defer { kill(monitor, SIGCONT) }
        #expect(try bench.statusText("box") == "restarting (exited 1)")
        #expect(try bench.row("box")?["status"] as? String == "restarting")
        #expect(try bench.run(["ps"]).stdout.contains(" restarting (exited 1) "), "ps lists a restarting container without --all")
        let hup = try bench.run(["kill", "box", "HUP"])
        #expect(hup == ProcessOutput(status: 1, stdout: "", stderr: "mydocker kill: container box is restarting: wait until it runs, or end it with `mydocker kill box`\n"))
        #expect(try bench.run(["attach", "box"]).stderr == "mydocker attach: container box is restarting: wait until it runs, or end it with `mydocker kill box`\n")
        #expect(try bench.run(["kill", "box"]) == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        #expect(kill(monitor, SIGCONT) == 0)
        #expect(waitUntil(seconds: 30) { monitorGone(bench, "box") })
        #expect(try bench.statusText("box") == "exited 1")
        #expect(bench.state("box", "restart.cancelled") == "1")
    }

    /// rm --force of a container that keeps failing and restarting: it is gone, and so is everything of it.
    @Test func rmForceEndsTheRestarts() throws {
        let bench = try MonitorBench()
        let before = try HostSnapshot.now()
        #expect(try bench.run(["apply", "-d", "--name", "box", "--restart", "always", try bench.spec("echo MARKER; exit 1")]).status == 0)
        #expect(try waitUntil(seconds: 30) { try bench.run(["logs", "box"]).stdout.split(separator: "\n").count >= 4 })
        #expect(try bench.run(["rm", "--force", "box"]) == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        #expect(try bench.row("box") == nil)
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// Each run's mounts, loop device and cgroup are released before the next run: while the third run is up,
    /// there is one of each; once the container is removed, none.
    @Test func nothingLeaksAcrossRestarts() throws {
        let bench = try MonitorBench()
        // A name of its own: its cgroup, /mydocker-NAME, is the host's.
        let name = "leak-\(bench.marker)"
        let image = try bench.sandbox.makeImage("data.img", megabytes: 8)
        let before = try HostSnapshot.now()
        let spec = try bench.spec("grep -q \" /testmount \" /proc/mounts || exit 9; " + Self.counting(failing: 2), image: image)
        #expect(try bench.run(["apply", "-d", "--name", name, "--restart", "on-failure", spec]).status == 0)
        #expect(try waitUntil(seconds: 30) { try runs(bench) == 3 && bench.statusText(name) == "running" })
        #expect(HostSnapshot.loopDevices(of: image).count == 1)
        let cgroups = try HostSnapshot.cgroups().filter { $0.contains("/mydocker-\(name)") }
        #expect(!cgroups.isEmpty && cgroups.allSatisfy { $0.hasSuffix("/mydocker-\(name)") }, "\(cgroups)")
        #expect(try bench.run(["logs", name]).stdout == "run 0\nrun 1\nrun 2\n")
        #expect(try bench.run(["rm", "--force", name]).status == 0)
        #expect(waitUntil(seconds: 30) { HostSnapshot.loopDevices(of: image).isEmpty })
        try HostSnapshot.expectUnchanged(since: before)
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func policiesAreCheckedOnTheCommandLine() throws {
        let bench = try MonitorBench()
        let spec = try bench.spec("true")
        let foreground = try bench.run(["apply", "--name", "box", "--restart", "always", spec])
        #expect(foreground.status == 125)
        #expect(foreground.stderr.contains("--restart always needs --detach: only a detached container has a monitor to restart it"), "\(foreground)")
        let unknown = try bench.run(["apply", "-d", "--restart", "sometimes", spec])
        #expect(unknown.status == 125)
        #expect(unknown.stderr.contains("invalid restart policy \"sometimes\": use no, on-failure[:N], always or unless-stopped"), "\(unknown)")
        let count = try bench.run(["apply", "-d", "--restart", "always:3", spec])
        #expect(count.stderr.contains("only on-failure takes a maximum retry count"), "\(count)")
        #expect(try bench.run(["apply", "--name", "plain", "--restart", "no", spec]).status == 0)
    }
}
