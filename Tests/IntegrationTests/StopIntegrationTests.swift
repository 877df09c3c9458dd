import Foundation
import Glibc
import Testing

/// `mydocker stop` as docker's, with real containers: the stop signal, SIGKILL after the timeout to every process,
/// the stop signal a spec names, a paused container, a foreground one, and a container that has already ended.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct StopIntegrationTests {
    @Test func stopSendsTermAndReturnsOnceTheEndIsRecorded() throws {
        let bench = try LifecycleBench(prefix: "stop")
        let box = bench.name("term")
        let before = try HostSnapshot.now()
        let spec = try bench.spec(script: bench.script(traps: "trap \"echo got-term; exit 3\" TERM; "))
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box).contains("up\n") })

        #expect(try bench.run(["stop", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        // No wait here: stop returns once the monitor has recorded how the container ended.
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 3")
        #expect(bench.log(box).hasSuffix("got-term\n"))
        #expect(try bench.ps()[box]?["pid"] is NSNull)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")

        // Stopping what has ended succeeds, as docker's does; a name it does not know is an error.
        #expect(try bench.run(["stop", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        let unknown = try bench.run(["stop", box, bench.name("nobody")])
        #expect(unknown == ProcessOutput(status: 1, stdout: "\(box)\n", stderr: "mydocker stop: no such container: \(bench.name("nobody"))\n"))
        #expect(try bench.run(["rm", box]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func stopKillsEveryProcessOnceTheTimeoutHasPassed() throws {
        let bench = try LifecycleBench(prefix: "stop")
        let box = bench.name("stubborn")
        // TERM ignored; a second `sleep MARKER` in the background of the background: the cgroup has four processes.
        let spec = try bench.spec(script: "trap \"\" TERM; sleep \(bench.marker) & echo up; sleep \(bench.marker) & wait $!")
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 2 })

        #expect(try bench.run(["stop", "--timeout", "1", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        #expect(try bench.ps()[box]?["statusText"] as? String == "killed by SIGKILL")
        #expect(bench.markerPids().isEmpty)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")

        // -t 0: SIGKILL right after the stop signal.
        #expect(try bench.run(["restart", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 2 })
        #expect(try bench.run(["stop", "-t", "0", box]).status == 0)
        #expect(try bench.ps()[box]?["statusText"] as? String == "killed by SIGKILL")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func theStopSignalComesFromTheSpecOrTheCommandLine() throws {
        let bench = try LifecycleBench(prefix: "stop")
        let box = bench.name("quit")
        let traps = "trap \"echo got-quit; exit 4\" QUIT; trap \"echo got-hup; exit 5\" HUP; trap \"echo got-term; exit 3\" TERM; "
        let spec = try bench.spec(script: bench.script(traps: traps), extra: "annotations:\n  org.opencontainers.image.stopSignal: SIGQUIT\n")
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box).contains("up\n") })
        #expect(try bench.run(["stop", box]).status == 0)
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 4")

        #expect(try bench.run(["restart", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box).components(separatedBy: "up\n").count == 3 })
        #expect(try bench.run(["stop", "--signal", "HUP", box]).status == 0)
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 5")
        #expect(bench.log(box).hasSuffix("got-hup\n"))

        let refused = try bench.run(["stop", "-s", "NOPE", box])
        #expect(refused.status == 125)
        #expect(refused.stderr.hasPrefix("mydocker stop: unknown signal \"NOPE\""), "\(refused)")
        let badTimeout = try bench.run(["stop", "-t", "soon", box])
        #expect(badTimeout.status == 125)
        #expect(badTimeout.stderr.hasPrefix("mydocker stop: --timeout takes a whole number of seconds (-1: no limit), not \"soon\""), "\(badTimeout)")

        // A stop signal that names no signal is refused when the name is claimed: nothing is left of it.
        let bad = try bench.spec("bad.yaml", extra: "annotations:\n  org.opencontainers.image.stopSignal: SIGNOPE\n")
        let refusedSpec = try bench.run(["apply", "-d", "--name", bench.name("bad"), bad])
        #expect(refusedSpec == ProcessOutput(status: 125, stdout: "", stderr: "mydocker apply: annotation org.opencontainers.image.stopSignal: unknown signal \"SIGNOPE\": use a name such as TERM, QUIT or INT, or a number from 1 to 64\n"))
        #expect(try bench.ps()[bench.name("bad")] == nil)
        #expect(try bench.run(["rm", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func aPausedContainerIsResumedToActOnTheStopSignal() throws {
        let bench = try LifecycleBench(prefix: "stop")
        let box = bench.name("frozen")
        let spec = try bench.spec(script: bench.script(traps: "trap \"echo got-term; exit 3\" TERM; "))
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box).contains("up\n") })
        #expect(try bench.run(["pause", box]).status == 0)
        #expect(try bench.ps()[box]?["status"] as? String == "paused")
        // The default 10 s: frozen for good, it would be killed by SIGKILL instead of running its trap.
        #expect(try bench.run(["stop", box]).status == 0)
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 3")
        #expect(bench.log(box).hasSuffix("got-term\n"))
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func aForegroundContainerIsStoppedByName() throws {
        let bench = try LifecycleBench(prefix: "stop")
        let box = bench.name("fg")
        let spec = try bench.spec(script: bench.script(traps: "trap \"echo got-term; exit 3\" TERM; "))
        let apply = bench.start(["apply", "--name", box, spec])
        #expect(apply.waitForOutput("up\n", seconds: 30))
        #expect(try bench.run(["stop", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        // apply, the container's monitor, has recorded the end and exits with the container's status.
        #expect(apply.wait(seconds: 30) == 3)
        #expect(apply.stdout == "up\ngot-term\n")
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 3")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}
