import Foundation
import Glibc
import Testing

/// `mydocker stats` of real containers on this host (as root): a busy loop's CPU %, memory and pids, the table, the
/// stream, and containers that are not running.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers in cgroups"))
struct StatsIntegrationTests {
    let sandbox: MountSandbox
    let root: String

    init() throws {
        sandbox = try MountSandbox()
        root = sandbox.path + "/state"
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    /// Starts a detached container running `script` in busybox's sh.
    func start(_ name: String, script: String) throws {
        let spec = try sandbox.write("\(name).yaml", """
            root: {path: \(sandbox.rootfs)}
            process:
              args: [/bin/sh, -c, '\(script)']
            linux:
              namespaces: [uts, ipc, pid, mount]
            """)
        let started = try run(["apply", "--detach", "--name", name, spec])
        try #require(started.status == 0, "\(started)")
    }

    /// `stats --no-stream --format json NAMES`: one object per container.
    func statsJSON(_ names: [String] = []) throws -> [[String: Any]] {
        let output = try run(["stats", "--no-stream", "--format", "json"] + names)
        try #require(output.status == 0 && output.stderr.isEmpty, "\(output)")
        return try #require(try JSONSerialization.jsonObject(with: output.stdoutData) as? [[String: Any]], "\(output)")
    }

    @Test func aBusyLoopShowsItsCpuMemoryAndPids() throws {
        let before = try HostSnapshot.now()
        try start("busy", script: "while true; do :; done")
        defer { _ = try? run(["rm", "--force", "busy"]) }

        // One core busy is about 100%; the build machines are shared, so a few readings are allowed to get over 20.
        var readings: [[String: Any]] = []
        for _ in 0..<5 {
            let sample = try statsJSON(["busy"])
            try #require(sample.count == 1, "\(sample)")
            readings.append(sample[0])
            if (sample[0]["cpuPercent"] as? Double ?? 0) > 20 { break }
        }
        let busy = try #require(readings.last)
        #expect(busy["name"] as? String == "busy")
        #expect(busy["status"] as? String == "running")
        #expect((busy["cpuPercent"] as? Double ?? 0) > 20, "\(readings)")
        #expect((busy["cpuUsageNanoseconds"] as? Int ?? 0) > 0, "\(busy)")
        #expect((busy["memoryUsageBytes"] as? Int ?? 0) > 0, "\(busy)")
        #expect((busy["memoryLimitBytes"] as? Int ?? 0) > 0, "\(busy)")
        #expect((busy["pids"] as? Int ?? 0) >= 1, "\(busy)")
        #expect(busy["blockReadBytes"] is Int && busy["blockWriteBytes"] is Int, "\(busy)")

        // Without names: every running container, the same one here.
        #expect(try statsJSON().map { $0["name"] as? String } == ["busy"])

        // The table: docker's header without CONTAINER ID and NET I/O, and a row of the container.
        let table = try run(["stats", "--no-stream"])
        #expect(table.status == 0 && table.stderr.isEmpty, "\(table)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(table.stdout)")
        let columns = lines.first?.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(columns == ["NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "BLOCK I/O", "PIDS"], "\(table.stdout)")
        #expect(lines.last?.hasPrefix("busy ") == true && lines.last?.contains("%") == true, "\(table.stdout)")

        // A paused container is shown, without cpu time going on.
        #expect(try run(["pause", "busy"]).status == 0)
        let paused = try statsJSON(["busy"])
        #expect(paused.first?["status"] as? String == "paused")
        #expect((paused.first?["cpuPercent"] as? Double ?? 100) < 5, "\(paused)")

        #expect(try run(["rm", "--force", "busy"]).status == 0)
        #expect(CgroupTrees.directories(named: "busy").isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func streamingPrintsATableAboutEverySecond() throws {
        let before = try HostSnapshot.now()
        try start("streamed", script: "while true; do :; done")
        defer { _ = try? run(["rm", "--force", "streamed"]) }

        // stdout is a file, not a terminal: a plain sequence of tables, without escape sequences.
        let stream = ProcessRunner.start([MyDockerBinary.path, "stats", "--root", root, "streamed"])
        let third = waitUntil(seconds: 10) { stream.stdout.components(separatedBy: "NAME ").count > 3 }
        #expect(third, "\(stream.stdout)")
        #expect(stream.poll() == nil, "stats ended: \(stream.files.output(status: stream.poll() ?? -1))")
        kill(stream.pid, SIGTERM)
        #expect(stream.wait(seconds: 5) != nil)
        let text = stream.stdout
        #expect(!text.contains("\u{1B}"), "\(text.debugDescription)")
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("streamed ") }
        #expect(rows.count >= 3, "\(text)")

        #expect(try run(["rm", "--force", "streamed"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func containersThatAreNotRunningAreRefused() throws {
        let before = try HostSnapshot.now()
        try start("done", script: "true")
        defer { _ = try? run(["rm", "--force", "done"]) }
        #expect(waitUntil(seconds: 10) {
            let ps = (try? run(["ps", "--all"]).stdout) ?? ""
            return ps.split(separator: "\n").contains { $0.hasPrefix("done ") && $0.contains("exited 0") }
        })

        #expect(try run(["stats", "--no-stream", "done"]) == ProcessOutput(
            status: 1, stdout: "", stderr: "mydocker stats: container done is not running\n"))
        #expect(try run(["stats", "--no-stream", "--format", "json", "nosuch"]) == ProcessOutput(
            status: 1, stdout: "", stderr: "mydocker stats: no such container: nosuch\n"))
        // Without names, a stopped container is left out.
        #expect(try statsJSON().isEmpty)
        #expect(try run(["stats", "--no-stream"]).stdout == "NAME   CPU %   MEM USAGE / LIMIT   MEM %   BLOCK I/O   PIDS\n")

        #expect(try run(["rm", "done"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }
}
