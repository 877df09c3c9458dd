import Foundation
import Glibc
import Testing

/// stop, restart, wait, inspect and kill with a restart policy (`apply --restart`), as docker's: stop ends the
/// restarts, also between two runs; restart starts it again by hand with its policy counted afresh; wait answers
/// between two runs; kill with the container's own stop signal ends the restarts.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct LifecyclePolicyIntegrationTests {
    /// The monitors of this test's state root still alive.
    func monitors(_ bench: LifecycleBench) -> [String] {
        bench.leftoverProcesses().filter { $0.contains(" monitor ") }
    }

    @Test func stopEndsTheRestartsAndRestartStartsThemAgain() throws {
        let bench = try LifecycleBench(prefix: "policy")
        let box = bench.name("always")
        let spec = try bench.spec(script: bench.script(traps: "trap \"echo got-term; exit 3\" TERM; "))
        #expect(try bench.run(["apply", "-d", "--restart", "always", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box) == "up\n" })
        let policy = try #require(try bench.inspect([box]).first?["HostConfig"] as? [String: Any])
        #expect((policy["RestartPolicy"] as? [String: Any])?["Name"] as? String == "always")

        // Running: the stop signal, and no restart after it (the monitor records the end and exits).
        #expect(try bench.run(["stop", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 3")
        #expect(waitUntil(seconds: 30) { monitors(bench).isEmpty }, "\(monitors(bench))")
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 3")
        #expect(try bench.inspect([box]).first?["RestartCount"] as? Int == 0)

        // restart: by hand, under its policy again.
        #expect(try bench.run(["restart", box]).status == 0)
        #expect(try bench.ps()[box]?["status"] as? String == "running")
        #expect(waitUntil(seconds: 30) { bench.log(box) == "up\ngot-term\nup\n" })
        // A signal that is not its stop signal: delivered, and always restarts it.
        #expect(try bench.run(["kill", "-s", "USR1", box]).status == 0)
        #expect(try waitUntil(seconds: 30) {
            try bench.inspect([box]).first?["RestartCount"] as? Int == 1 && bench.ps()[box]?["status"] as? String == "running"
        })
        #expect(try bench.run(["rm", "--force", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func betweenTwoRunsWaitAnswersAndStopEndsIt() throws {
        let bench = try LifecycleBench(prefix: "policy")
        let box = bench.name("failing")
        let spec = try bench.spec(script: "echo up; exit 1")
        #expect(try bench.run(["apply", "-d", "--restart", "always", "--name", box, spec]).status == 0)
        // It fails at once, again and again, with a growing back-off between two runs.
        #expect(try waitUntil(seconds: 30) { try bench.ps()[box]?["status"] as? String == "restarting" })
        #expect(try bench.run(["wait", box]).stdout == "1\n")
        // (It may be in a run when looked at: ps is asked again until it is between two.)
        #expect(try waitUntil(seconds: 30) { try bench.run(["ps", "-q", "--filter", "status=restarting"]).stdout == "\(box)\n" })

        #expect(try bench.run(["stop", box]) == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        // Its monitor has ended (stop waits for it between two runs, or for the end of the run it caught).
        #expect(waitUntil(seconds: 30) { monitors(bench).isEmpty }, "\(monitors(bench))")
        let row = try #require(try bench.ps()[box])
        #expect(row["status"] as? String == "exited", "\(row)")
        #expect(try bench.run(["top", box]).stderr == "mydocker top: container \(box) is not running\n")
        #expect(try bench.run(["rm", box]).status == 0)
    }

    @Test func killWithTheContainersOwnStopSignalEndsTheRestarts() throws {
        let bench = try LifecycleBench(prefix: "policy")
        let box = bench.name("quit")
        let traps = "trap \"exit 4\" QUIT; trap \"exit 5\" TERM; "
        let spec = try bench.spec(script: bench.script(traps: traps), extra: "annotations:\n  org.opencontainers.image.stopSignal: SIGQUIT\n")
        #expect(try bench.run(["apply", "-d", "--restart", "always", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.log(box) == "up\n" })
        // TERM is not this container's stop signal: always restarts it.
        #expect(try bench.run(["kill", "-s", "TERM", box]).status == 0)
        #expect(try waitUntil(seconds: 30) {
            try bench.inspect([box]).first?["RestartCount"] as? Int == 1 && bench.log(box) == "up\nup\n"
        })
        // QUIT is: the end, for good.
        #expect(try bench.run(["kill", "-s", "QUIT", box]).status == 0)
        #expect(waitUntil(seconds: 30) { monitors(bench).isEmpty }, "\(monitors(bench))")
        #expect(try bench.ps()[box]?["statusText"] as? String == "exited 4")
        #expect(try bench.run(["wait", box]).stdout == "4\n")
        #expect(try bench.run(["rm", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}
