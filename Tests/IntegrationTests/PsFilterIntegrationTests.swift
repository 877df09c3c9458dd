import Foundation
import Glibc
import Testing

/// `mydocker ps -q`, `--filter` and the COMMAND column, on states written by hand (the format the store writes)
/// with live and dead processes behind them.
@Suite(.serialized) struct PsFilterIntegrationTests {
    /// web-1 running, web-2 paused, db running, web-old exited 3, cache being created (its monitor alive), job
    /// killed by SIGKILL. Processes: two sleepers of ours.
    final class Fixture {
        let state: Scratch
        let sleepers: [PsIntegrationTests.Sleeper]
        var root: String { state.path }

        init() throws {
            state = try Scratch()
            sleepers = [try PsIntegrationTests.Sleeper(), try PsIntegrationTests.Sleeper()]
            let (a, b) = (sleepers[0], sleepers[1])
            let now = time(nil)
            func live(_ sleeper: PsIntegrationTests.Sleeper) -> [String] { ["pid=\(sleeper.pid)", "pid.starttime=\(sleeper.startTime)"] }
            let command = ["args=/bin/sh", "args=-c", "args=echo \"hello\"; exec sleep 600"]
            do {
                try StateCLI.writeState(root: root, name: "web-1", lines: ["status=running", "created=\(now)", "started=\(now)"] + live(a) + command)
                try StateCLI.writeState(root: root, name: "web-2", lines: ["status=paused", "created=\(now)", "started=\(now)"] + live(b))
                try StateCLI.writeState(root: root, name: "db", lines: ["status=running", "created=\(now)", "started=\(now)", "args=postgres"] + live(a))
                try StateCLI.writeState(root: root, name: "web-old", lines: ["status=exited", "created=\(now)", "exit.code=3"])
                try StateCLI.writeState(root: root, name: "cache", lines: ["status=created", "created=\(now)",
                                                                         "monitor.pid=\(b.pid)", "monitor.pid.starttime=\(b.startTime)"])
                try StateCLI.writeState(root: root, name: "job", lines: ["status=exited", "created=\(now)", "exit.signal=9"])
            } catch {
                stop()
                throw error
            }
        }

        func stop() { sleepers.forEach { $0.stop() } }

        func names(_ arguments: [String]) throws -> [String] {
            let output = try StateCLI.run(["ps", "--root", root] + arguments)
            #expect(output.status == 0 && output.stderr == "", "\(output)")
            return output.stdout.split(separator: "\n").map(String.init)
        }
    }

    @Test func quietPrintsNamesOnly() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        #expect(try fixture.names(["-q"]) == ["db", "web-1", "web-2"])
        #expect(try fixture.names(["--quiet", "--all"]) == ["cache", "db", "job", "web-1", "web-2", "web-old"])
        #expect(try fixture.names(["-q", "--format", "json"]) == ["db", "web-1", "web-2"])
    }

    @Test func filtersByNameAndStatusAsDockerDoes() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        // name: a regular expression found anywhere in the name; the running ones unless --all.
        #expect(try fixture.names(["-q", "--filter", "name=web"]) == ["web-1", "web-2"])
        #expect(try fixture.names(["-qa", "-f", "name=web"]) == ["web-1", "web-2", "web-old"])
        #expect(try fixture.names(["-qa", "-f", "name=^web-[0-9]$"]) == ["web-1", "web-2"])
        #expect(try fixture.names(["-qa", "-f", "name=^/db$"]) == ["db"])
        #expect(try fixture.names(["-qa", "-f", "name=b-", "-f", "name=^d"]) == ["db", "web-1", "web-2", "web-old"])
        // status: docker's states; a status filter lists ended containers without --all.
        #expect(try fixture.names(["-q", "-f", "status=exited"]) == ["job", "web-old"])
        #expect(try fixture.names(["-q", "-f", "status=paused"]) == ["web-2"])
        #expect(try fixture.names(["-q", "-f", "status=created"]) == ["cache"])
        #expect(try fixture.names(["-q", "-f", "status=running", "-f", "status=paused"]) == ["db", "web-1", "web-2"])
        // Different keys must all match.
        #expect(try fixture.names(["-q", "-f", "name=web", "-f", "status=running"]) == ["web-1"])
        #expect(try fixture.names(["-q", "-f", "name=nothing-like-it"]) == [])
        let table = try fixture.names(["-f", "status=exited"])
        #expect(table.count == 3 && table[0].hasPrefix("NAME "))
        let json = try StateCLI.run(["ps", "--root", fixture.root, "--format", "json", "--filter", "status=paused"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["name"] as? String } == ["web-2"])
    }

    @Test func badFiltersAreUsageErrors() throws {
        let state = try Scratch()
        defer { withExtendedLifetime(state) {} }
        let cases = [
            ("status=dead", "mydocker ps: invalid filter 'status=dead': a status is one of created, restarting, running, paused, exited\n"),
            ("label=a", "mydocker ps: invalid filter 'label': mydocker's ps filters by name= and status=\n"),
            ("name", "mydocker ps: invalid filter 'name': give KEY=VALUE, name=… or status=…\n"),
        ]
        for (filter, message) in cases {
            let output = try StateCLI.run(["ps", "--root", state.path, "--filter", filter])
            #expect(output.status == 125, "\(output)")
            #expect(output.stderr.hasPrefix(message), "\(output)")
        }
        let regex = try StateCLI.run(["ps", "--root", state.path, "--filter", "name=(unclosed"])
        #expect(regex.status == 125)
        #expect(regex.stderr.hasPrefix("mydocker ps: invalid filter 'name=(unclosed': not a regular expression"), "\(regex)")
    }

    @Test func theCommandColumnIsQuotedAndCutUnlessNoTrunc() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let table = try fixture.names(["-f", "name=^web-1$"])
        #expect(table.count == 2)
        #expect(table[0].split(separator: " ") == ["NAME", "PID", "COMMAND", "STATUS", "AGE", "SPEC"])
        // docker's cut: 19 characters and an ellipsis, then quoted as Go quotes.
        #expect(table[1].contains("   \"/bin/sh -c echo \\\"he…\"   running   "), "\(table[1])")
        let full = try fixture.names(["--no-trunc", "-f", "name=^web-1$"])
        #expect(full[1].contains("   \"/bin/sh -c echo \\\"hello\\\"; exec sleep 600\"   running   "), "\(full[1])")
        let db = try fixture.names(["-f", "name=db"])
        #expect(db[1].contains("   \"postgres\"   running   "), "\(db[1])")
        // A state without the command (written by an older mydocker): `-`.
        let old = try fixture.names(["-f", "name=web-2"])
        #expect(old[1].contains("   -         paused   "), "\(old[1])")
        let json = try StateCLI.run(["ps", "--root", fixture.root, "--format", "json", "-f", "name=^web-1$"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["command"] as? [String] == ["/bin/sh", "-c", "echo \"hello\"; exec sleep 600"])
    }
}
