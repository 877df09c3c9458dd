import Foundation
import Glibc
import Testing

/// The config.json files containerd generated on this machine (Tests/SpecTests/Fixtures/peer) run as they are,
/// with only `root.path` pointing at a busybox root file system: their capabilities, masked and read-only paths,
/// rlimits, device rules and cgroup path are all applied.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct PeerConfigRunTests {
    let sandbox: MountSandbox
    var root: String { sandbox.path + "/state" }

    init() throws {
        sandbox = try MountSandbox()
    }

    /// Tests/SpecTests/Fixtures/peer, found from this source file.
    static let peerFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpecTests/Fixtures/peer").path

    /// The fixture with `root.path` replaced (and nothing else), written into the sandbox as NAME.
    func config(_ fixture: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.peerFixtures + "/" + fixture))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rootObject = try #require(json["root"] as? [String: Any])
        rootObject["path"] = sandbox.rootfs
        json["root"] = rootObject
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted]), as: UTF8.self)
        return try sandbox.write(fixture, text)
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    func psRow(_ name: String) throws -> [String: Any]? {
        let output = try run(["ps", "--all", "--format", "json"])
        let rows = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
        return rows.first { $0["name"] as? String == name }
    }

    /// containerd's config: a shell that exits 7 on SIGTERM, with containerd's capabilities and paths.
    @Test func containerdsConfigRunsAndEndsOnSIGTERM() throws {
        let before = try HostSnapshot.now()
        let spec = try config("containerd-config.json")
        #expect(try StateCLI.run(["lint", spec]).status == 0)
        let started = try run(["apply", "--detach", "--name", "ctrd", spec])
        #expect(started.status == 0, "\(started)")
        defer { _ = try? run(["rm", "--force", "ctrd"]) }
        let pid = try #require(try psRow("ctrd")?["pid"] as? Int)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let capEff = status.split(separator: "\n").first { $0.hasPrefix("CapEff:") }
        // containerd's default set: chown, dac_override, fowner, fsetid, kill, setgid, setuid, setpcap,
        // net_bind_service, net_raw, sys_chroot, mknod, audit_write, setfcap.
        #expect(capEff?.hasSuffix("00000000a80425fb") == true, "\(capEff ?? "")")
        #expect(status.contains("NoNewPrivs:\t1"))
        #expect(try run(["kill", "--signal", "TERM", "ctrd"]).status == 0)
        #expect(try waitUntil(seconds: 30) { try psRow("ctrd")?["exitCode"] as? Int == 7 })
        #expect(try run(["rm", "ctrd"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }
}

/// podman's generated config.json, with its seccomp profile and the bind sources it names (made for the test at the
/// paths podman used, and removed after), run unchanged but for `root.path`.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct PodmanConfigRunTests {
    let sandbox: MountSandbox
    var root: String { sandbox.path + "/state" }

    init() throws {
        sandbox = try MountSandbox()
    }

    func run(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
    }

    @Test func podmansConfigRunsWithItsSeccompProfile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: PeerConfigRunTests.peerFixtures + "/podman-config.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["root"] = ["path": sandbox.rootfs]
        let spec = try sandbox.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
        // The bind sources podman made for the container, where it made them; only what did not exist is removed.
        let mounts = try #require(json["mounts"] as? [[String: Any]])
        let sources = mounts.compactMap { $0["type"] as? String == "bind" ? $0["source"] as? String : nil }
        var made: [String] = []
        for source in sources {
            var parent = (source as NSString).deletingLastPathComponent
            var missing: [String] = []
            while !FileManager.default.fileExists(atPath: parent) { missing.append(parent); parent = (parent as NSString).deletingLastPathComponent }
            made += missing
            try FileManager.default.createDirectory(atPath: (source as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if source.hasSuffix("/shm") {
                try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            } else {
                try "podman-config\n".write(toFile: source, atomically: false, encoding: .utf8)
            }
            made.append(source)
        }
        defer { for path in made.reversed() { try? FileManager.default.removeItem(atPath: path) } }
        let before = try HostSnapshot.now()

        #expect(try StateCLI.run(["lint", spec]).status == 0)
        let started = try run(["apply", "--detach", "--name", "podman", spec])
        #expect(started.status == 0, "\(started)")
        defer { _ = try? run(["rm", "--force", "podman"]) }
        let output = try run(["ps", "--all", "--format", "json"])
        let rows = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
        let pid = try #require(rows.first?["pid"] as? Int)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.contains("Seccomp:\t2"), "\(status)")
        // podman's 11 capabilities: chown, dac_override, fowner, fsetid, kill, net_bind_service, setfcap, setgid,
        // setpcap, setuid, sys_chroot.
        #expect(status.contains("CapEff:\t00000000800405fb"), "\(status)")
        #expect(try waitUntil(seconds: 30) { try run(["logs", "podman"]).stdout.hasPrefix("started") })
        #expect(try run(["kill", "-s", "TERM", "podman"]).status == 0)
        // kill signals every process of the container (its sleep too, which the shell reports): the trap runs.
        #expect(try waitUntil(seconds: 30) { try run(["logs", "podman"]).stdout.hasSuffix("got-term\n") })
        #expect(try run(["rm", "--force", "podman"]).status == 0)
        try HostSnapshot.expectUnchanged(since: before)
    }
}
