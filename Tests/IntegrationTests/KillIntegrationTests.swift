import Foundation
import Glibc
import Testing

/// `mydocker kill` as docker's, with real containers: SIGKILL by default, `-s/--signal`, several names, and the
/// older `kill NAME SIGNAL`.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct KillIntegrationTests {
    @Test func killIsSigkillUnlessASignalIsNamed() throws {
        let bench = try LifecycleBench(prefix: "kill")
        let (a, b, c) = (bench.name("a"), bench.name("b"), bench.name("c"))
        // Each traps every signal it can, so that how it ends tells which signal came: only SIGKILL cannot be trapped.
        let traps = "trap \"exit 10\" TERM; trap \"exit 11\" HUP; trap \"exit 12\" USR2; "
        for name in [a, b, c] {
            #expect(try bench.run(["apply", "-d", "--name", name, try bench.spec(script: bench.script(traps: traps))]).status == 0)
        }
        #expect(waitUntil(seconds: 30) { [a, b, c].allSatisfy { bench.log($0).contains("up\n") } })

        #expect(try bench.run(["kill", a, b]) == ProcessOutput(status: 0, stdout: "\(a)\n\(b)\n", stderr: ""))
        #expect(try bench.run(["wait", a, b]).stdout == "137\n137\n")
        #expect(try bench.ps()[a]?["statusText"] as? String == "killed by SIGKILL")

        #expect(try bench.run(["restart", a, b]).status == 0)
        #expect(waitUntil(seconds: 30) { [a, b].allSatisfy { bench.log($0).components(separatedBy: "up\n").count == 3 } })
        #expect(try bench.run(["kill", "--signal", "TERM", a]).status == 0)
        #expect(try bench.run(["kill", "-s", "SIGusr2", b]).status == 0)
        // The older form: NAME SIGNAL.
        #expect(try bench.run(["kill", c, "HUP"]) == ProcessOutput(status: 0, stdout: "\(c)\n", stderr: ""))
        #expect(try bench.run(["wait", a, b, c]).stdout == "10\n12\n11\n")

        // One not running among others: the others are signalled, exit 1.
        #expect(try bench.run(["restart", a]).status == 0)
        let mixed = try bench.run(["kill", a, b])
        #expect(mixed == ProcessOutput(status: 1, stdout: "\(a)\n", stderr: "mydocker kill: container \(b) is not running\n"))
        #expect(try bench.run(["wait", a]).stdout == "137\n")
        let bad = try bench.run(["kill", "-s", "0", a])
        #expect(bad.status == 125 && bad.stderr.hasPrefix("mydocker kill: unknown signal \"0\""), "\(bad)")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}
