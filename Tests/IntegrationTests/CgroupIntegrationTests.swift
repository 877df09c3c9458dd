import Foundation
import Glibc
import Testing

/// Every container in a cgroup of its own, with real containers on this host (as root): where the process runs,
/// the cgroup namespace, signals to every process of a container, pause and resume, and no cgroup left behind.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: makes cgroups and runs real containers"))
struct CgroupIntegrationTests {
    let sandbox: MountSandbox
    let root: String
    let marker = String(Int.random(in: 100_000...999_999))

    init() throws {
        sandbox = try MountSandbox()
        root = sandbox.path + "/state"
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    /// Pids of this test's processes (`sleep MARKER`).
    func sleepers() -> [String] { HostProcesses.pids(withArgument: marker) }

    /// The lines of /proc/self/cgroup of a container without a root file system of its own, and how apply ended.
    func cgroupLines(namespaces: String, resources: String = "{}") throws -> (lines: [String], output: ProcessOutput) {
        let spec = try sandbox.write("cgroup.yaml", """
            process:
              args: [/bin/cat, /proc/self/cgroup]
            linux:
              namespaces: [\(namespaces)]
              resources: \(resources)
            """)
        let output = MyDockerBinary.apply(spec)
        return (output.stdout.split(separator: "\n").map(String.init), output)
    }

    /// The cgroup path of each line of /proc/self/cgroup whose controllers include one of `controllers` ("" for
    /// the unified hierarchy's line).
    func paths(_ lines: [String], of controllers: [String]) -> Set<String> {
        Set(lines.compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return nil }
            let names = fields[1].isEmpty ? [""] : fields[1].split(separator: ",").map(String.init)
            return names.contains { controllers.contains($0) } ? String(fields[2]) : nil
        })
    }

    @Test func theProcessRunsInACgroupOfItsOwnWhichIsGoneAfterwards() throws {
        let before = try HostSnapshot.now()
        let (lines, output) = try cgroupLines(namespaces: "uts", resources: "{memory: {limit: 268435456}, pids: {limit: 100}}")
        #expect(output.status == 0 && output.stderr == "", "\(output)")
        // The hierarchies of the limits it sets, and the unified one, put it in /mydocker-apply-<pid of apply>.
        let joined = paths(lines, of: ["memory", "pids", ""])
        #expect(joined.count == 1, "\(lines)")
        let path = try #require(joined.first)
        #expect(path.hasPrefix("/mydocker-apply-") && Int(path.dropFirst("/mydocker-apply-".count)) != nil, "\(path)")
        // A run without a name reports no usage, so it joins no hierarchy only accounting (cpuacct, blkio) or an
        // unset limit (cpu, cpuset, devices) would need; beside a unified hierarchy, v1's freezer neither.
        #expect(!paths(lines, of: ["cpu", "cpuacct", "blkio", "cpuset", "devices", "freezer"]).contains(path), "\(lines)")
        #expect(CgroupTrees.directories(named: String(path.dropFirst("/mydocker-".count))).isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func withACgroupNamespaceTheContainersCgroupIsItsRoot() throws {
        let before = try HostSnapshot.now()
        let (lines, output) = try cgroupLines(namespaces: "uts, cgroup")
        #expect(output.status == 0 && output.stderr == "", "\(output)")
        let joined = lines.filter { !$0.contains("name=") }
        #expect(!joined.isEmpty)
        #expect(joined.allSatisfy { $0.hasSuffix(":/") }, "\(lines)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// A detached container without a pid namespace whose shell starts two more sleeps: `kill` reaches all three.
    func startForkingContainer(_ name: String) throws -> String {
        let spec = try sandbox.write("\(name).yaml", """
            root: {path: \(sandbox.rootfs)}
            process:
              args: [/bin/sh, -c, 'sleep \(marker) & sleep \(marker) & exec sleep \(marker)']
            mounts:
              - {destination: /dev/null, type: bind, source: /dev/null, options: [bind]}
            linux:
              namespaces: [uts, ipc, mount]
            """)
        let started = try run(["apply", "--detach", "--name", name, spec])
        #expect(started.status == 0, "\(started)")
        #expect(waitUntil(seconds: 10) { sleepers().count == 3 }, "sleepers: \(sleepers())")
        return spec
    }

    @Test func killReachesEveryProcessOfAContainerWithoutAPidNamespace() throws {
        let before = try HostSnapshot.now()
        _ = try startForkingContainer("forks")
        #expect(!CgroupTrees.directories(named: "forks").isEmpty)
        let killed = try run(["kill", "forks", "KILL"])
        #expect(killed == ProcessOutput(status: 0, stdout: "forks\n", stderr: ""))
        #expect(waitUntil(seconds: 10) { sleepers().isEmpty }, "left running: \(sleepers())")
        #expect(waitUntil(seconds: 10) { CgroupTrees.directories(named: "forks").isEmpty })
        #expect(try run(["rm", "forks"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func rmForceLeavesNoProcessAndNoCgroup() throws {
        let before = try HostSnapshot.now()
        _ = try startForkingContainer("doomed")
        #expect(try run(["rm", "--force", "doomed"]) == ProcessOutput(status: 0, stdout: "doomed\n", stderr: ""))
        #expect(sleepers().isEmpty, "left running: \(sleepers())")
        #expect(CgroupTrees.directories(named: "doomed").isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func pauseStopsACounterAndResumeContinuesIt() throws {
        let before = try HostSnapshot.now()
        let shared = try sandbox.makeDirectory("shared")
        let spec = try sandbox.write("counter.yaml", """
            root: {path: \(sandbox.rootfs)}
            process:
              args: [/bin/sh, -c, 'i=0; while true; do i=$((i+1)); echo $i > /shared/count; done']
            mounts:
              - {destination: /shared, type: bind, source: \(shared), options: [bind]}
            linux:
              namespaces: [uts, pid, mount]
            """)
        #expect(try run(["apply", "--detach", "--name", "counter", spec]).status == 0)
        func count() -> Int { Int((try? String(contentsOfFile: shared + "/count", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0 }
        #expect(waitUntil(seconds: 10) { count() > 0 })

        #expect(try run(["pause", "counter"]) == ProcessOutput(status: 0, stdout: "counter\n", stderr: ""))
        let ps = try run(["ps"]).stdout
        #expect(ps.split(separator: "\n").contains { $0.hasPrefix("counter ") && $0.contains(" paused ") }, "\(ps)")
        let frozen = count()
        usleep(300_000)
        #expect(count() == frozen, "the counter went on while paused")
        #expect(try run(["pause", "counter"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker pause: container counter is already paused\n"))
        // exec would put its command in the frozen cgroup: refused, as runc refuses it.
        let exec = try run(["exec", "counter", "--", "/bin/true"])
        #expect(exec.status != 0 && exec.stderr.contains("container counter is paused: resume it first"), "\(exec)")

        #expect(try run(["resume", "counter"]) == ProcessOutput(status: 0, stdout: "counter\n", stderr: ""))
        #expect(waitUntil(seconds: 10) { count() > frozen + 10 }, "the counter did not go on after resume")
        #expect(try run(["resume", "counter"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker resume: container counter is not paused\n"))

        // Paused again, a container is still removed whole by rm --force.
        #expect(try run(["pause", "counter"]).status == 0)
        #expect(try run(["rm", "--force", "counter"]).status == 0)
        #expect(CgroupTrees.directories(named: "counter").isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func updateChangesTheLimitsOfARunningContainer() throws {
        let before = try HostSnapshot.now()
        _ = try startForkingContainer("limited")
        let updated = try run(["update", "limited", "--memory", "32Mi", "--pids-limit", "50", "--cpus", "0.5"])
        #expect(updated == ProcessOutput(status: 0, stdout: "limited\n", stderr: ""), "\(updated)")
        func file(_ controller: String, _ name: String) -> String? {
            (try? String(contentsOfFile: "/sys/fs/cgroup/\(controller)/mydocker-limited/\(name)", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(file("memory", "memory.limit_in_bytes") == "33554432")
        #expect(file("pids", "pids.max") == "50")
        #expect(file("cpu", "cpu.cfs_quota_us") == "50000" && file("cpu", "cpu.cfs_period_us") == "100000")
        let refused = try run(["update", "limited", "--memory", "lots"])
        #expect(refused.status == 125 && refused.stderr.contains("--memory takes a size such as 256Mi or 1G, not \"lots\""), "\(refused)")
        #expect(try run(["rm", "--force", "limited"]).status == 0)
        #expect(try run(["update", "limited", "--memory", "32Mi"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker update: no such container: limited\n"))
        #expect(sleepers().isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func aSystemdSlicePathIsRefusedSayingWhy() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("slice.yaml", """
            process: {args: [/bin/true]}
            linux:
              namespaces: [uts]
              cgroupsPath: "system.slice:mydocker:box"
            """)
        let output = MyDockerBinary.apply(spec)
        #expect(output.status == 125)
        #expect(output.stderr.hasPrefix("mydocker apply: \(spec):4: step 3 (create cgroup system.slice:mydocker:box): this is systemd's slice:prefix:name form"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// In v1 hierarchies the child moves itself into its cgroup (a thread moving itself takes no threadgroup lock);
    /// it can from inside a new user namespace too.
    @Test func aChildInAUserNamespaceIsPlacedInItsCgroup() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("userns.yaml", """
            process:
              args: [/bin/cat, /proc/self/cgroup]
            linux:
              namespaces: [user, uts]
              uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              resources: {memory: {limit: 268435456}, pids: {limit: 100}, cpu: {shares: 512}}
            """)
        let output = MyDockerBinary.apply(spec)
        #expect(output.status == 0 && output.stderr == "", "\(output)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        for controller in ["memory", "pids", "cpu"] {
            #expect(paths(lines, of: [controller]).allSatisfy { $0.hasPrefix("/mydocker-apply-") }, "\(controller): \(lines)")
            #expect(!paths(lines, of: [controller]).isEmpty, "\(controller): \(lines)")
        }
        #expect(lines.contains { $0.hasPrefix("0::/mydocker-apply-") }, "\(lines)")
        try HostSnapshot.expectUnchanged(since: before)
    }
}
