import Foundation
import Glibc
import Testing

/// `mydocker top` as docker's, with real containers: ps -ef's columns for every process of the container's cgroup,
/// read from /proc, agreeing with ps(1) itself; ps(1)'s own lines with ps options.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct TopIntegrationTests {
    @Test func theContainersProcessesAsPsEfShowsThem() throws {
        let bench = try LifecycleBench(prefix: "top")
        let box = bench.name("box")
        // A user namespace: the processes' uid on the host is 100000, which the host's /etc/passwd does not name.
        let spec = try bench.spec(script: "sleep \(bench.marker) & echo up; sleep \(bench.marker) & wait $!", userns: true)
        #expect(try bench.run(["apply", "-d", "--name", box, spec]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 2 })
        let pids = try #require(try bench.inspect([box]).first?["Pids"] as? [Int])
        #expect(pids.count == 4)

        let top = try bench.run(["top", box])
        #expect(top.status == 0 && top.stderr == "", "\(top)")
        let lines = top.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ") == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        let rows = lines.dropFirst().map(Self.columns)
        #expect(rows.compactMap { Int($0[1]) } == pids)

        // ps -ef for the same processes: the same user, pid, parent, terminal, CPU time and command.
        let ps = try ProcessRunner.run(["ps", "-ef", "-q", pids.map(String.init).joined(separator: ",")])
        let psRows = ps.stdout.split(separator: "\n").dropFirst().map(Self.columns)
        #expect(psRows.count == rows.count)
        for (ours, theirs) in zip(rows, psRows) {
            #expect([ours[0], ours[1], ours[2], ours[5], ours[6], ours[7]] == [theirs[0], theirs[1], theirs[2], theirs[5], theirs[6], theirs[7]])
            #expect(ours[4].range(of: #"^(\d\d:\d\d|[A-Z][a-z]{2}\d\d|\d{4})$"#, options: .regularExpression) != nil, "STIME \(ours[4])")
        }
        #expect(rows.allSatisfy { $0[0] == "100000" })
        #expect(rows.filter { $0[7] == "sleep \(bench.marker)" }.count == 2)
        #expect(rows.contains { $0[7] == "mydocker init" })

        // With ps options: ps's own columns, the container's lines only (ps asked for its pids with -q).
        let columns = try bench.run(["top", box, "-o", "pid,comm"])
        #expect(columns.status == 0, "\(columns)")
        let picked = columns.stdout.split(separator: "\n")
        #expect(picked.first?.split(separator: " ") == ["PID", "COMMAND"])
        #expect(picked.dropFirst().compactMap { Int($0.split(separator: " ").first ?? "") } == pids)
        // --forest cannot go with -q: ps runs again without it, and its lines are filtered here.
        let forest = try bench.run(["top", box, "-e", "-o", "pid,args", "--forest"])
        #expect(forest.status == 0 && forest.stderr == "", "\(forest)")
        #expect(forest.stdout.split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: " ").first ?? "") }.sorted() == pids)
        let noPid = try bench.run(["top", box, "-o", "comm"])
        #expect(noPid == ProcessOutput(status: 1, stdout: "", stderr: "mydocker top: ps -o comm printed no PID column: ask for one (-o pid,…)\n"))

        #expect(try bench.run(["stop", "-t", "0", box]).status == 0)
        #expect(try bench.run(["top", box]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker top: container \(box) is not running\n"))
        #expect(try bench.run(["top", bench.name("nobody")]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker top: no such container: \(bench.name("nobody"))\n"))
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    /// The eight columns of a `ps -ef` line: seven words, then the command (spaces and all).
    static func columns(_ line: Substring) -> [String] {
        line.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true)
            .map { $0.drop { $0 == " " } }.map(String.init)
    }
}
