import Foundation
import Glibc
import Testing

/// `linux.resources` enforced on real containers on this host (hybrid: v1 controllers beside a v2 hierarchy):
/// a memory limit and the OOM killer, a pids limit, a cpu quota, the device controller, and the resources of the
/// configs podman and containerd generate. Every cgroup made is gone afterwards.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: makes cgroups and runs real containers"))
struct ResourceIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    /// A spec on the host's own root (its tools), in a uts namespace, with `resources` (YAML) and `args`.
    func spec(_ name: String, args: String, resources: String, namespaces: String = "uts", extra: String = "") throws -> String {
        try sandbox.write(name, """
            process:
              args: \(args)
            \(extra)linux:
              namespaces: [\(namespaces)]
              resources:
            \(resources)
            """)
    }

    @Test func aProcessAllocatingPastTheMemoryLimitIsKilledAndReportedAsOOM() throws {
        let before = try HostSnapshot.now()
        let path = try spec("oom.yaml", args: "[/usr/bin/dd, if=/dev/zero, of=/dev/null, bs=256M, count=1]",
                            resources: "    memory: {limit: 64Mi, swap: 64Mi}")
        let output = MyDockerBinary.apply(path)
        #expect(output.status == 137, "\(output)")
        #expect(output.stderr.hasSuffix("mydocker apply: the container's process was killed by the OOM killer (memory limit 64 MiB)\n"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)

        // A named container keeps the word for ps.
        let root = sandbox.path + "/state"
        let named = try StateCLI.run(["apply", "--root", root, "--name", "hungry", path])
        #expect(named.status == 137)
        let ps = try StateCLI.run(["ps", "--root", root, "--all"])
        #expect(ps.stdout.contains(" killed by the OOM killer (memory limit 64 MiB) "), "\(ps.stdout)")
        #expect(try StateCLI.run(["rm", "--root", root, "hungry"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func aForkLoopStopsAtThePidsLimit() throws {
        let before = try HostSnapshot.now()
        // Thirty sleeps asked for, ten processes allowed (the shell is one): busybox's sh says it cannot fork.
        let path = try spec("pids.yaml", args: "[/usr/bin/busybox, sh, -c, 'for i in $(seq 30); do sleep 1 & done; wait']",
                            resources: "    pids: {limit: 10}")
        let output = MyDockerBinary.apply(path)
        #expect(output.stderr.contains("can't fork"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func aCpuQuotaSlowsASpinningProcess() throws {
        let before = try HostSnapshot.now()
        let work = "[/usr/bin/busybox, sh, -c, 'i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done']"
        let free = try spec("free.yaml", args: work, resources: "    pids: {limit: 100}")
        let slowed = try spec("quota.yaml", args: work, resources: "    cpu: {quota: 10000, period: 100000}")
        func seconds(_ path: String) -> Double {
            let start = Date()
            let output = MyDockerBinary.apply(path)
            #expect(output.status == 0, "\(output)")
            return Date().timeIntervalSince(start)
        }
        let unlimited = seconds(free)
        let limited = seconds(slowed)
        // 10% of one cpu: about ten times slower; three times is the margin a busy host still keeps.
        #expect(limited > unlimited * 3, "unlimited \(unlimited) s, with the quota \(limited) s")
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func denyAllLeavesTheDefaultDevicesButNotKmsg() throws {
        let before = try HostSnapshot.now()
        let nodes = try sandbox.makeDirectory("nodes")
        let path = try spec(
            "devices.yaml",
            args: "[/usr/bin/busybox, sh, -c, 'mknod \(nodes)/kmsg c 1 11 && mknod \(nodes)/null c 1 3 && mknod \(nodes)/urandom c 1 9; head -c 1 \(nodes)/kmsg; echo kmsg=$?; echo x > \(nodes)/null; echo null=$?; head -c 4 \(nodes)/urandom > /dev/null; echo urandom=$?']",
            resources: "    devices: [{allow: false, access: rwm}]", namespaces: "uts, mount",
            extra: "mounts:\n  - {destination: \(nodes), type: tmpfs, source: tmpfs}\n")
        let output = MyDockerBinary.apply(path)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == "kmsg=1\nnull=0\nurandom=0\n", "\(output)")
        #expect(output.stderr.contains("Operation not permitted"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// The resources and cgroupsPath of each config podman and containerd generated here, applied as given.
    @Test(arguments: ["podman-config.json", "containerd-config.json", "containerd-config-image.json"])
    func theEnginesResourcesApplyAsGiven(config: String) throws {
        let before = try HostSnapshot.now()
        let data = try Data(contentsOf: URL(fileURLWithPath: "/work/shared/peer-configs/" + config))
        let peer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let linux = try #require(peer["linux"] as? [String: Any])
        let cgroupsPath = try #require(linux["cgroupsPath"] as? String)
        let spec: [String: Any] = [
            "process": ["args": ["/bin/sh", "-c", "cat /proc/self/cgroup"], "cwd": "/"],
            "linux": ["namespaces": [["type": "uts"]], "cgroupsPath": cgroupsPath, "resources": linux["resources"] ?? [:]],
        ]
        let path = sandbox.path + "/" + config
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path))
        let output = MyDockerBinary.apply(path)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains(cgroupsPath), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
        // The parents made for the engine's path (`/libpod_parent`, `/ctrclient`) are gone with it.
        let top = cgroupsPath.split(separator: "/").first.map(String.init) ?? ""
        let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        #expect(!hierarchies.isEmpty)
        for hierarchy in hierarchies {
            #expect(!FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\(hierarchy)/\(top)"), "\(hierarchy)/\(top) is left")
        }
    }
}
