import Testing
@testable import Spec

/// Real config.json files that podman and containerd generated (copied from shared/peer-configs): their
/// `linux.resources` and `linux.cgroupsPath` decode as given, and what is left are the keys mydocker does not
/// implement yet.
@Suite struct PeerConfigTests {
    /// Every diagnostic of each config as `line rule message`: before resources and cgroupsPath were supported,
    /// each list also held `linux.resources` and `linux.cgroupsPath` unsupported-key errors, and before the
    /// confinement keys were, their capabilities, rlimits, noNewPrivileges, umask, sysctl, seccomp, masked and
    /// read-only paths.
    static let expected: [String: [String]] = [
        "containerd-config-image.json": [],
        "containerd-config.json": [],
        "podman-config.json": [],
    ]

    @Test(arguments: ["containerd-config-image.json", "containerd-config.json", "podman-config.json"])
    func onlyTheKeysMydockerDoesNotImplementAreReported(name: String) {
        let result = Fixtures.lint("peer/" + name)
        let lines = result.diagnostics.map { "\($0.line) \($0.ruleID) \($0.message)" }
        #expect(lines == Self.expected[name])
        #expect(!lines.contains { $0.contains("resources") || $0.contains("cgroupsPath") })
    }

    @Test func theConfinementKeysDecodeAsGiven() throws {
        let spec = try #require(Fixtures.lint("peer/podman-config.json").spec)
        #expect(spec.process.user.umask == 18)
        #expect(spec.process.capabilities?.bounding.count == 11)
        #expect(spec.process.capabilities?.bounding.first == "CAP_CHOWN")
        #expect(spec.process.capabilities?.ambient == [])
        #expect(spec.process.rlimits == [.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024), .init(type: "RLIMIT_NPROC", soft: 1024, hard: 1024)])
        #expect(spec.linux.sysctl == ["net.ipv4.ping_group_range": "0 0"])
        #expect(spec.linux.maskedPaths.first == "/proc/acpi" && spec.linux.maskedPaths.count == 11)
        #expect(spec.linux.readonlyPaths == ["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
        let containerd = try #require(Fixtures.lint("peer/containerd-config.json").spec)
        #expect(containerd.process.noNewPrivileges)
    }

    @Test func containerdResourcesDecodeAsGiven() throws {
        let linux = try #require(Fixtures.lint("peer/containerd-config.json").spec?.linux)
        #expect(linux.cgroupsPath == "/ctrclient/k-life")
        let r = try #require(linux.resources)
        #expect(r.cpu == .init(shares: 1024))
        #expect(r.devices.count == 10)
        #expect(r.devices.first == .init(allow: false, access: "rwm"))
        #expect(r.devices[8] == .init(allow: true, type: .char, major: 136, access: "rwm"))
        #expect(r.devices.last == .init(allow: true, type: .char, major: 5, minor: 2, access: "rwm"))
        #expect(r.memory == nil && r.pids == nil && r.blockIO == nil)
    }

    @Test func podmanResourcesDecodeAsGiven() throws {
        let spec = try #require(Fixtures.lint("peer/podman-config.json").spec)
        #expect(spec.linux.cgroupsPath == "/libpod_parent/libpod-ec7affd26a242cdfc7a87db8391dc4482b6030baeb25f80a89eeb16730582195")
        #expect(spec.linux.resources == .init(devices: [.init(allow: false, access: "rwm")], pids: .init(limit: 2048)))
        #expect(spec.source.position(of: "/linux/resources/pids/limit") == SourcePosition(line: 211, column: 18))
    }
}
