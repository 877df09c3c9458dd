import Foundation
import Glibc
import Testing

/// `mydocker wait` as docker's, with real containers: it blocks until each has ended and prints each exit code, in
/// the order named, 128+N for a signal, 255 for an end nobody recorded.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct WaitIntegrationTests {
    @Test func waitBlocksUntilTheEndAndPrintsEachCode() throws {
        let bench = try LifecycleBench(prefix: "wait")
        let (done, term, later) = (bench.name("done"), bench.name("term"), bench.name("later"))
        #expect(try bench.run(["apply", "--name", done, try bench.spec("done.yaml", script: "exit 3")]).status == 3)
        #expect(try bench.run(["apply", "-d", "--name", term, try bench.spec("term.yaml")]).status == 0)
        let traps = "trap \"exit 7\" USR1; "
        #expect(try bench.run(["apply", "-d", "--name", later, try bench.spec("later.yaml", script: bench.script(traps: traps))]).status == 0)

        #expect(waitUntil(seconds: 30) { bench.log(later).contains("up\n") }, "its trap is set")

        // An ended container answers at once.
        #expect(try bench.run(["wait", done]) == ProcessOutput(status: 0, stdout: "3\n", stderr: ""))

        let waiting = bench.start(["wait", done, term, later])
        usleep(300_000)
        #expect(waiting.poll() == nil, "wait must block while the containers run: \(waiting.stdout)")
        #expect(try bench.run(["kill", "--signal", "TERM", term]).status == 0)
        #expect(try bench.run(["kill", "-s", "USR1", later]).status == 0)
        #expect(waiting.wait(seconds: 60) == 0)
        #expect(waiting.stdout == "3\n143\n7\n")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")

        let unknown = try bench.run(["wait", done, bench.name("nobody")])
        #expect(unknown == ProcessOutput(status: 1, stdout: "3\n", stderr: "mydocker wait: no such container: \(bench.name("nobody"))\n"))
    }

    @Test func anEndNobodyRecordedIs255() throws {
        let bench = try LifecycleBench(prefix: "wait")
        let orphan = bench.name("orphan")
        #expect(try bench.run(["apply", "-d", "--name", orphan, try bench.spec()]).status == 0)
        let state = try String(contentsOfFile: "\(bench.root)/\(orphan)/state", encoding: .utf8)
        let monitor = try #require(state.split(separator: "\n").first { $0.hasPrefix("monitor.pid=") }.flatMap { Int32($0.dropFirst(12)) })
        let waiting = bench.start(["wait", orphan])
        // The monitor dies without a word; its container goes with it (parent-death signal).
        #expect(kill(monitor, SIGKILL) == 0)
        #expect(waiting.wait(seconds: 60) == 0)
        #expect(waiting.stdout == "255\n")
        #expect(try bench.ps()[orphan]?["statusText"] as? String == "exited (unknown status)")
        #expect(try bench.run(["rm", orphan]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty })
    }
}
