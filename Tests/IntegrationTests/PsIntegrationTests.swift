import Foundation
import Glibc
import Testing

/// `mydocker ps`, `kill`, `rm` and `logs` on state written by hand (the format the store writes), with live and
/// dead processes behind it.
@Suite(.serialized) struct PsIntegrationTests {
    /// A sleeping child of ours, its pid and start time.
    final class Sleeper {
        let process = Process()
        init() throws {
            process.executableURL = URL(fileURLWithPath: "/bin/sleep")
            process.arguments = ["600"]
            try process.run()
        }
        var pid: Int32 { process.processIdentifier }
        var startTime: String { StateCLI.startTime(of: pid) ?? "0" }
        func stop() {
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// A state root of its own with four containers written by hand: `alive` (the sleeper, running), `recycled`
    /// (the sleeper's pid with another start time), `done` (exited 3, with a log) and `killed` (by SIGKILL).
    /// End it with ``stop()`` (in a defer).
    final class Populated {
        let state: Scratch
        let sleeper: Sleeper
        var root: String { state.path }

        init() throws {
            state = try Scratch()
            sleeper = try Sleeper()
            do {
                try Self.write(root: state.path, sleeper: sleeper)
            } catch {
                sleeper.stop()
                throw error
            }
        }

        func stop() { sleeper.stop() }

        static func write(root: String, sleeper: Sleeper) throws {
            let now = time(nil)
            try StateCLI.writeState(root: root, name: "alive", lines: ["status=running", "created=\(now - 200)", "started=\(now - 125)",
                                                                        "pid=\(sleeper.pid)", "pid.starttime=\(sleeper.startTime)"])
            try StateCLI.writeState(root: root, name: "recycled", lines: ["status=running", "created=\(now - 10)", "started=\(now - 10)",
                                                                           "pid=\(sleeper.pid)", "pid.starttime=1"])
            try StateCLI.writeState(root: root, name: "done", lines: ["status=exited", "created=\(now - 7200)", "started=\(now - 7200)",
                                                                       "exit.code=3", "log=\(root)/done/log"])
            try StateCLI.writeState(root: root, name: "killed", lines: ["status=exited", "created=\(now - 3 * 86400)", "started=\(now - 3 * 86400)",
                                                                         "exit.signal=9"])
            try "line one\nline two\n".write(toFile: root + "/done/log", atomically: true, encoding: .utf8)
        }
    }

    @Test func showsRunningOnlyUnlessAll() throws {
        let fixture = try Populated()
        defer { fixture.stop() }
        let (root, sleeper) = (fixture.root, fixture.sleeper)
        let running = try StateCLI.run(["ps", "--root", root])
        #expect(running.status == 0)
        let pid = String(sleeper.pid)
        let pidColumn = max(3, pid.count) + 3
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        // COMMAND is `-`: these states, written by hand, do not record it.
        #expect(running.stdout == padded("NAME", 8) + padded("PID", pidColumn) + "COMMAND   STATUS    AGE   SPEC\n"
            + padded("alive", 8) + padded(pid, pidColumn) + "-         running   2m    /specs/alive.yaml\n")
        let all = try StateCLI.run(["ps", "--all", "--root", root])
        let rows = all.stdout.split(separator: "\n").dropFirst().map { String($0) }
        #expect(rows.count == 4)
        #expect(rows[0].hasPrefix("alive "))
        #expect(rows[1].hasPrefix("done ") && rows[1].contains(" exited 3 ") && rows[1].contains(" 2h "))
        #expect(rows[2].hasPrefix("killed ") && rows[2].contains(" killed by SIGKILL ") && rows[2].contains(" 3d "))
        #expect(rows[3].hasPrefix("recycled ") && rows[3].contains(" exited (unknown status) "))
        #expect(rows[3].split(separator: " ", omittingEmptySubsequences: true)[1] == "-")
    }

    @Test func jsonForTools() throws {
        let fixture = try Populated()
        defer { fixture.stop() }
        let (root, sleeper) = (fixture.root, fixture.sleeper)
        let run = try StateCLI.run(["ps", "-a", "--format", "json"], environment: ["MYDOCKER_ROOT": root])
        #expect(run.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["name"] as? String } == ["alive", "done", "killed", "recycled"])
        #expect(rows[0]["pid"] as? Int == Int(sleeper.pid))
        #expect(rows[0]["status"] as? String == "running")
        #expect(rows[1]["exitCode"] as? Int == 3)
        #expect(rows[2]["signal"] as? Int == 9)
        #expect(rows[2]["signalName"] as? String == "SIGKILL")
        #expect(rows[3]["status"] as? String == "exited")
        #expect(rows[3]["statusText"] as? String == "exited (unknown status)")
        #expect(rows[3]["pid"] is NSNull)
    }

    @Test func killChecksTheStartTimeAndRmRefusesLiveContainers() throws {
        let fixture = try Populated()
        defer { fixture.stop() }
        let (root, sleeper) = (fixture.root, fixture.sleeper)
        let recycled = try StateCLI.run(["kill", "--root", root, "recycled", "KILL"])
        #expect(recycled.status == 1)
        #expect(recycled.stderr == "mydocker kill: container recycled is not running\n")
        #expect(sleeper.process.isRunning)
        let refused = try StateCLI.run(["rm", "--root", root, "alive"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "mydocker rm: container alive is running: stop it first (`mydocker kill alive`) or use `mydocker rm --force alive`\n")
        // SIGKILL: Foundation starts the sleeper with the test runner's signals blocked, TERM and USR1 among them.
        let killed = try StateCLI.run(["kill", "--root", root, "alive", "9"])
        #expect(killed.status == 0)
        #expect(killed.stdout == "alive\n")
        sleeper.process.waitUntilExit()
        #expect(sleeper.process.terminationReason == .uncaughtSignal)
        #expect(sleeper.process.terminationStatus == SIGKILL)
        let after = try StateCLI.run(["ps", "--root", root])
        #expect(after.stdout.split(separator: "\n").count == 1)
        let removed = try StateCLI.run(["rm", "--root", root, "alive", "done", "killed", "recycled", "nobody"])
        #expect(removed.status == 1)
        #expect(removed.stdout == "alive\ndone\nkilled\nrecycled\n")
        #expect(removed.stderr == "mydocker rm: no such container: nobody\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") } == [])
    }

    @Test func rmForceKillsAndWaits() throws {
        let fixture = try Populated()
        defer { fixture.stop() }
        let (root, sleeper) = (fixture.root, fixture.sleeper)
        let run = try StateCLI.run(["rm", "--force", "--root", root, "alive"])
        #expect(run.status == 0)
        sleeper.process.waitUntilExit()
        #expect(sleeper.process.terminationStatus == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: root + "/alive"))
    }

    @Test func logsPrintsTheLogFile() throws {
        let fixture = try Populated()
        defer { fixture.stop() }
        let root = fixture.root
        let run = try StateCLI.run(["logs", "--root", root, "done"])
        #expect(run.status == 0)
        #expect(run.stdout == "line one\nline two\n")
        let followed = try StateCLI.run(["logs", "--follow", "--root", root, "done"])
        #expect(followed.stdout == "line one\nline two\n")
        let foreground = try StateCLI.run(["logs", "--root", root, "killed"])
        #expect(foreground.status == 1)
        #expect(foreground.stderr == "mydocker logs: container killed ran in the foreground: its output went to the terminal, there is no log\n")
    }

    @Test func invalidNamesAndSignalsAreRefused() throws {
        let state = try Scratch()
        let root = state.path
        defer { withExtendedLifetime(state) {} }
        let name = try StateCLI.run(["kill", "--root", root, "../etc"])
        #expect(name.status == 1)
        #expect(name.stderr == "mydocker kill: invalid container name \"../etc\": a name starts with a letter or a digit\n")
        let signal = try StateCLI.run(["kill", "--root", root, "--signal", "NOPE", "box"])
        #expect(signal.status == 125)
        #expect(signal.stderr.hasPrefix("mydocker kill: unknown signal \"NOPE\""))
    }
}
