import Foundation
import Spec
import StartingSpec
import Testing

/// The starting spec against runc's: the same confinement, read back by mydocker's own loader.
@Suite struct StartingSpecTests {
    static let base = "/srv/box"

    static func profile() throws -> ContainerSpec.Seccomp? {
        try DockerProfile(jsonText: Array(DockerProfileTests.profile.utf8))
            .seccomp(for: ProfileTarget(capabilities: Capability.specDefault, architecture: .x86_64, kernel: KernelVersion(major: 6, minor: 1)))
    }

    static func variants() throws -> [(String, ContainerSpec)] {
        var withSeccomp = StartingSpec.spec(.init(baseDirectory: base))
        withSeccomp.linux.seccomp = try profile()
        return [
            ("plain", StartingSpec.spec(.init(baseDirectory: base))),
            ("seccomp", withSeccomp),
            ("rootless", StartingSpec.spec(.init(rootless: true, uid: 1000, gid: 1001, baseDirectory: base))),
            ("cgroup v2", StartingSpec.spec(.init(cgroupNamespace: true, baseDirectory: base))),
        ]
    }

    /// Read back, each variant also lints clean: no error and no warning.
    @Test func yamlAndJSONReadBackToTheSameModelAndLintClean() throws {
        for (name, spec) in try Self.variants() {
            let yaml = try Loading.load(StartingSpec.yamlText(spec, seccompProfile: "p.json"), file: Self.base + "/spec.yaml",
                                                baseDirectory: Self.base, lint: true)
            #expect(yaml.withoutSource == spec.withoutSource, "\(name), YAML")
            let json = try Loading.load(StartingSpec.jsonText(spec), file: Self.base + "/config.json", baseDirectory: Self.base, lint: true)
            #expect(json.withoutSource == spec.withoutSource, "\(name), JSON")
        }
    }

    /// The check above can fail: runc 1.1's ambient set (without inheritable capabilities) draws a warning.
    @Test func runcsOldAmbientSetWouldNotLintClean() {
        var spec = StartingSpec.spec(.init(baseDirectory: Self.base))
        spec.process.capabilities?.ambient = Capability.specDefault
        #expect(throws: Loading.Failure.self) {
            try Loading.load(StartingSpec.yamlText(spec), file: Self.base + "/spec.yaml", baseDirectory: Self.base, lint: true)
        }
    }

    @Test func theYAMLStartsWithTheSchemaModelineAndExplainsItsParts() throws {
        var spec = StartingSpec.spec()
        spec.linux.seccomp = try Self.profile()
        let text = StartingSpec.yamlText(spec, seccompProfile: "/usr/share/containers/seccomp.json")
        #expect(text.hasPrefix("# yaml-language-server: $schema=mydocker-spec.schema.json\n"))
        for comment in ["# The capabilities the process keeps", "# At most 1024 open files.", "# No program it runs gains privileges",
                        "# Hidden:", "# Read-only:", "podman's default profile (/usr/share/containers/seccomp.json)", "fails with ENOSYS"] {
            #expect(text.contains(comment), "\(comment)")
        }
        #expect(text.contains("  namespaces: [pid, network, ipc, uts, mount]\n"))
    }

    /// The keys and values of `runc spec` (runc 1.1.5 here) and `runc spec --rootless`, run for real.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/runc"), "needs runc (apt-get install runc)"),
          arguments: [false, true])
    func itHasWhatRuncSpecHas(rootless: Bool) throws {
        var runc = try Self.runcSpec(rootless: rootless)
        let text = StartingSpec.jsonText(StartingSpec.spec(.init(rootless: rootless, uid: getuid(), gid: getgid())))
        var ours = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // Ours: its own ociVersion and hostname, and no ambient set (runc dropped it in 1.2: without inheritable
        // capabilities the kernel drops ambient ones).
        #expect(ours.removeValue(forKey: "hostname") as? String == "mydocker")
        #expect(ours.removeValue(forKey: "ociVersion") as? String == "1.2.0")
        runc["hostname"] = nil
        runc["ociVersion"] = nil
        var process = try #require(runc["process"] as? [String: Any])
        var caps = try #require(process["capabilities"] as? [String: Any])
        #expect(caps.removeValue(forKey: "ambient") as? [String] == Capability.specDefault)
        process["capabilities"] = caps
        runc["process"] = process
        #expect(try Self.canonical(ours) == Self.canonical(runc))
    }

    /// JSON text with sorted keys, to compare two documents.
    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    static func runcSpec(rootless: Bool) throws -> [String: Any] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-runc-spec-\(getpid())-\(rootless)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runc")
        process.arguments = ["spec", "--bundle", dir.path] + (rootless ? ["--rootless"] : [])
        try process.run()
        process.waitUntilExit()
        let data = try #require(FileManager.default.contents(atPath: dir.path + "/config.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func rootlessMapsTheCallerAndDropsWhatNeedsPrivilege() {
        let spec = StartingSpec.spec(.init(rootless: true, uid: 1000, gid: 1001))
        #expect(spec.linux.namespaces.map(\.kind) == [.pid, .ipc, .uts, .mount, .user])
        #expect(spec.linux.uidMappings == [.init(containerID: 0, hostID: 1000, size: 1)])
        #expect(spec.linux.gidMappings == [.init(containerID: 0, hostID: 1001, size: 1)])
        #expect(spec.mounts.first { $0.destination == "/sys" } == .init(destination: "/sys", type: "none", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"]))
        #expect(!spec.mounts.contains { $0.options.contains { $0.hasPrefix("gid=") } })
        #expect(spec.linux.resources == nil)
    }

    @Test func aCgroupV2HostGetsACgroupNamespaceAsWithRunc() {
        #expect(StartingSpec.spec(.init(cgroupNamespace: true)).linux.namespaces.last?.kind == .cgroup)
        #expect(!StartingSpec.spec().has(.cgroup))
    }

    @Test func theConfinementIsTheOneTheIssueAsksFor() {
        let spec = StartingSpec.spec()
        #expect(spec.process.capabilities == .init(bounding: Capability.specDefault, effective: Capability.specDefault, permitted: Capability.specDefault))
        #expect(spec.process.noNewPrivileges)
        #expect(spec.process.rlimits == [.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024)])
        #expect(spec.process.args == ["sh"] && spec.process.terminal)
        #expect(spec.root == .init(path: "rootfs", resolvedPath: "/rootfs", readonly: true))
        #expect(spec.mounts.map(\.destination) == ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"])
        #expect(spec.mounts.last?.options.contains("ro") == true && spec.mounts[5].options.contains("ro"))
        #expect(spec.linux.maskedPaths.contains("/proc/kcore") && spec.linux.readonlyPaths.contains("/proc/sys"))
    }
}
