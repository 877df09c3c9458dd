import Foundation
import Glibc
import Testing

/// `mydocker logs` of detached containers (as root, real containers): the streams apart and in order, `--tail`,
/// `--since`, `--timestamps`, `--follow` with them.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
struct LogsIntegrationTests {
    /// Waits until `logs NAME` shows `text` on stdout (or stderr).
    func waitForLog(_ bench: MonitorBench, _ name: String, _ text: String, stderr: Bool = false) throws -> Bool {
        try waitUntil(seconds: 30) {
            let output = try bench.run(["logs", name])
            return (stderr ? output.stderr : output.stdout).contains(text)
        }
    }

    /// Waiting on /shared/NAME between its writes makes the order of the container's writes the order read.
    static func awaiting(_ file: String) -> String { "while [ ! -e /shared/\(file) ]; do sleep 0.02; done" }

    @Test func stdoutAndStderrStayApartAndInOrder() throws {
        let bench = try MonitorBench()
        let script = "echo out1; \(Self.awaiting("a")); echo err1 >&2; \(Self.awaiting("b")); echo out2; exec sleep MARKER"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        #expect(try waitForLog(bench, "box", "out1"))
        try bench.signal("a")
        #expect(try waitForLog(bench, "box", "err1", stderr: true))
        try bench.signal("b")
        #expect(try waitForLog(bench, "box", "out2"))
        #expect(try bench.run(["logs", "box"]) == ProcessOutput(status: 0, stdout: "out1\nout2\n", stderr: "err1\n"))
        // Both streams into one file: the order they were written in.
        let merged = try ProcessRunner.run(["/bin/sh", "-c", "'\(MyDockerBinary.path)' logs --root '\(bench.root)' box 2>&1"])
        #expect(merged.stdout == "out1\nerr1\nout2\n")
        let quiet = try ProcessRunner.run(["/bin/sh", "-c", "'\(MyDockerBinary.path)' logs --root '\(bench.root)' box 2>/dev/null"])
        #expect(quiet.stdout == "out1\nout2\n")
    }

    /// With a terminal, the container has one stream, its terminal's, shown as stdout.
    @Test func aTerminalsOutputIsStdout() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "tty", try bench.spec("echo out; echo err >&2; exec sleep MARKER", terminal: true)]).status == 0)
        #expect(try waitForLog(bench, "tty", "err"))
        #expect(try bench.run(["logs", "tty"]) == ProcessOutput(status: 0, stdout: "out\r\nerr\r\n", stderr: ""))
    }

    @Test func tailShowsTheLastLines() throws {
        let bench = try MonitorBench()
        let script = "for i in 1 2 3 4 5; do echo line $i; done; \(Self.awaiting("a")); echo e1 >&2; exec sleep MARKER"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        #expect(try waitForLog(bench, "box", "line 5"))
        try bench.signal("a")
        #expect(try waitForLog(bench, "box", "e1", stderr: true))
        #expect(try bench.run(["logs", "--tail", "2", "box"]) == ProcessOutput(status: 0, stdout: "line 5\n", stderr: "e1\n"))
        #expect(try bench.run(["logs", "-n", "3", "box"]) == ProcessOutput(status: 0, stdout: "line 4\nline 5\n", stderr: "e1\n"))
        #expect(try bench.run(["logs", "--tail", "0", "box"]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        let all = try bench.run(["logs", "--tail", "all", "box"])
        #expect(all == ProcessOutput(status: 0, stdout: "line 1\nline 2\nline 3\nline 4\nline 5\n", stderr: "e1\n"))
        #expect(try bench.run(["logs", "--tail", "99", "box"]) == all)
        let invalid = try bench.run(["logs", "--tail=-1", "box"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--tail takes a number of lines (0 or more) or \"all\", not \"-1\""), "\(invalid)")
    }

    /// --timestamps puts the time each line was written before it, RFC 3339 with nanoseconds, in UTC.
    @Test func timestampsPrefixEachLine() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec("echo a; echo b >&2; exec sleep MARKER")]).status == 0)
        #expect(try waitForLog(bench, "box", "b", stderr: true))
        let stamped = try bench.run(["logs", "-t", "box"])
        let pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{9}Z "
        #expect(stamped.stdout.range(of: pattern + "a\n$", options: .regularExpression) != nil, "\(stamped)")
        #expect(stamped.stderr.range(of: pattern + "b\n$", options: .regularExpression) != nil, "\(stamped)")
        let written = try #require(ISO8601DateFormatter().date(from: String(stamped.stdout.prefix(19)) + "Z"))
        #expect(abs(written.timeIntervalSinceNow) < 3600, "the time is now's, in UTC: \(stamped.stdout)")
        #expect(try bench.run(["logs", "--timestamps", "box"]) == stamped)
    }

    /// --since takes a time from the log itself (what -t shows), a duration before now, or a time to come.
    @Test func sinceShowsWhatWasWrittenFromThen() throws {
        let bench = try MonitorBench()
        let script = "echo a; \(Self.awaiting("b")); echo b; \(Self.awaiting("c")); echo c; exec sleep MARKER"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        #expect(try waitForLog(bench, "box", "a"))
        try bench.signal("b")
        #expect(try waitForLog(bench, "box", "b"))
        try bench.signal("c")
        #expect(try waitForLog(bench, "box", "c"))
        let lines = try bench.run(["logs", "-t", "box"]).stdout.split(separator: "\n")
        try #require(lines.count == 3)
        let timeOfB = String(lines[1].prefix { $0 != " " })
        #expect(try bench.run(["logs", "--since", timeOfB, "box"]).stdout == "b\nc\n")
        #expect(try bench.run(["logs", "--since", timeOfB, "--tail", "1", "box"]).stdout == "c\n")
        #expect(try bench.run(["logs", "--since", timeOfB, "-t", "box"]).stdout == lines[1...].joined(separator: "\n") + "\n")
        #expect(try bench.run(["logs", "--since", "1h", "box"]).stdout == "a\nb\nc\n")
        #expect(try bench.run(["logs", "--since", "1h30m", "box"]).stdout == "a\nb\nc\n")
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        #expect(try bench.run(["logs", "--since", later, "box"]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        #expect(try bench.run(["logs", "--since", String(Int(Date().timeIntervalSince1970) + 3600), "box"]).stdout == "")
        let invalid = try bench.run(["logs", "--since", "yesterday", "box"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--since takes a time"), "\(invalid)")
    }

    /// --follow goes on from where --tail starts, through the end of the container, with --timestamps.
    @Test func followGoesOnFromTheTail() throws {
        let bench = try MonitorBench()
        let script = "echo one; echo two; \(Self.awaiting("go")); echo three; echo four >&2; exit 0"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        #expect(try waitForLog(bench, "box", "two"))
        let follow = bench.start(["logs", "--follow", "--tail", "1", "box"])
        let stamped = bench.start(["logs", "-f", "-t", "-n", "1", "box"])
        let since = bench.start(["logs", "-f", "--since", "1h", "box"])
        #expect(follow.waitForOutput("two"))
        #expect(stamped.waitForOutput("two"))
        #expect(since.waitForOutput("two"))
        #expect(follow.poll() == nil, "logs --follow ended while the container runs")
        try bench.signal("go")
        #expect(follow.wait() == 0)
        #expect(follow.files.output(status: 0) == ProcessOutput(status: 0, stdout: "two\nthree\n", stderr: "four\n"))
        #expect(since.wait() == 0)
        #expect(since.files.output(status: 0) == ProcessOutput(status: 0, stdout: "one\ntwo\nthree\n", stderr: "four\n"))
        #expect(stamped.wait() == 0)
        let lines = stamped.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasSuffix("Z two") && lines[1].hasSuffix("Z three"), "\(stamped.stdout)")
    }
}
