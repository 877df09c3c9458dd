import Foundation
import Glibc
import Testing

/// `mydocker restart` as docker's, with real containers: stop, then start again detached under the same name, from
/// the spec as it was applied, with the same command; the log goes on; a failed start stays recorded.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct RestartCommandIntegrationTests {
    @Test func restartRunsTheRecordedSpecAgainUnderTheSameName() throws {
        let bench = try LifecycleBench(prefix: "restart")
        let box = bench.name("web")
        let before = try HostSnapshot.now()
        let spec = try bench.spec(hostname: "first", script: bench.script(traps: "trap \"echo got-term; exit 3\" TERM; "))
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        let firstPid = try #require(try bench.ps()[box]?["pid"] as? Int)
        #expect(waitUntil(seconds: 30) { bench.log(box) == "up\n" })
        // The file changes; the container keeps the spec it was applied from.
        try bench.spec(hostname: "second")

        #expect(try bench.run(["restart", "--timeout", "5", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        let row = try #require(try bench.ps()[box])
        #expect(row["status"] as? String == "running")
        let secondPid = try #require(row["pid"] as? Int)
        #expect(secondPid != firstPid)
        #expect(kill(pid_t(firstPid), 0) != 0)
        #expect(try bench.run(["exec", box, "--", "hostname"]).stdout == "first\n")
        // The first run's end (its trap ran: stop's TERM), and the second's start, in one log.
        #expect(waitUntil(seconds: 30) { bench.log(box) == "up\ngot-term\nup\n" })
        // The first run's processes went with it (the cgroup's): one sleep, the second run's.
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 1 })
        let topPids = try bench.run(["top", box, "-o", "pid"]).stdout.split(separator: "\n").dropFirst()
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(try bench.inspect([box]).first?["Pids"] as? [Int] == topPids)

        // An ended container starts at once.
        #expect(try bench.run(["kill", box]).status == 0)
        #expect(try bench.run(["wait", box]).stdout == "137\n")
        #expect(try bench.run(["restart", box]).status == 0)
        #expect(try bench.ps()[box]?["status"] as? String == "running")
        #expect(try bench.run(["rm", "--force", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        try HostSnapshot.expectUnchanged(since: before)

        let unknown = try bench.run(["restart", bench.name("nobody")])
        #expect(unknown == ProcessOutput(status: 1, stdout: "", stderr: "mydocker restart: no such container: \(bench.name("nobody"))\n"))
    }

    @Test func aForegroundContainerRestartsDetachedWithItsCommand() throws {
        let bench = try LifecycleBench(prefix: "restart")
        let box = bench.name("fg")
        let spec = try bench.spec(script: "echo from-the-spec; exit 1")
        let foreground = try bench.run(["apply", "--name", box, spec, "--", "/bin/sh", "-c", "echo replaced $0; exit 6"])
        #expect(foreground == ProcessOutput(status: 6, stdout: "replaced /bin/sh\n", stderr: ""))
        #expect(try bench.ps()[box]?["log"] is NSNull)

        #expect(try bench.run(["restart", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        #expect(try bench.run(["wait", box]).stdout == "6\n")
        let row = try #require(try bench.ps()[box])
        #expect(row["statusText"] as? String == "exited 6")
        #expect(row["log"] as? String == bench.root + "/" + box + "/log")
        #expect(row["command"] as? [String] == ["/bin/sh", "-c", "echo replaced $0; exit 6"])
        #expect(try bench.run(["logs", box]).stdout == "replaced /bin/sh\n")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func aRestartThatCannotStartIsRecordedAndTheContainerStays() throws {
        let bench = try LifecycleBench(prefix: "restart")
        let box = bench.name("broken")
        let rootfs = try bench.sandbox.makeDirectory("second-rootfs")
        try BusyboxRootfs.make(at: rootfs)
        let spec = try bench.spec(rootfs: rootfs)
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(try bench.run(["stop", "-t", "0", box]).status == 0)
        try FileManager.default.removeItem(atPath: rootfs)

        let restarted = try bench.run(["restart", box])
        #expect(restarted.status == 1)
        #expect(restarted.stdout == "")
        // The failed step names the spec's line of root.path, as apply's do.
        let line = try String(contentsOfFile: spec, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(rootfs) }.map { $0 + 1 } ?? 0
        #expect(restarted.stderr.hasPrefix("mydocker restart: container \(box) did not start: \(spec):\(line): step "), "\(restarted)")
        #expect(restarted.stderr.hasSuffix("(preflight: rootfs \(rootfs) exists): No such file or directory\n"), "\(restarted)")
        let row = try #require(try bench.ps()[box])
        #expect(row["status"] as? String == "failed")
        #expect((row["error"] as? String)?.hasSuffix("No such file or directory") == true, "\(row)")
        #expect(try bench.run(["wait", box]).stdout == "125\n")
        #expect(try bench.run(["rm", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}
