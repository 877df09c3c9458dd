import Testing
@testable import Spec

/// Real config.json files that podman and containerd generated (copied from shared/peer-configs): their
/// `linux.resources` and `linux.cgroupsPath` decode as given, and what is left are the keys mydocker does not
/// implement yet.
@Suite struct PeerConfigTests {
    /// Every diagnostic of each config as `line rule message`: before resources and cgroupsPath were supported,
    /// each list also held `linux.resources` and `linux.cgroupsPath` unsupported-key errors.
    static let expected: [String: [String]] = [
        "containerd-config-image.json": [
            "21 unsupported-key `process.capabilities` is not supported by mydocker yet",
            "71 unsupported-key `process.rlimits` is not supported by mydocker yet",
            "78 unsupported-key `process.noNewPrivileges` is not supported by mydocker yet",
            "255 unsupported-key `linux.maskedPaths` is not supported by mydocker yet",
            "267 unsupported-key `linux.readonlyPaths` is not supported by mydocker yet",
        ],
        "containerd-config.json": [
            "14 unsupported-key `process.capabilities` is not supported by mydocker yet",
            "64 unsupported-key `process.rlimits` is not supported by mydocker yet",
            "71 unsupported-key `process.noNewPrivileges` is not supported by mydocker yet",
            "248 unsupported-key `linux.maskedPaths` is not supported by mydocker yet",
            "260 unsupported-key `linux.readonlyPaths` is not supported by mydocker yet",
        ],
        "podman-config.json": [
            "7 unsupported-key `process.user.umask` is not supported by mydocker yet",
            "21 unsupported-key `process.capabilities` is not supported by mydocker yet",
            "62 unsupported-key `process.rlimits` is not supported by mydocker yet",
            "200 unsupported-key `linux.sysctl` is not supported by mydocker yet",
            "232 unsupported-key `linux.seccomp` is not supported by mydocker yet",
            "868 unsupported-key `linux.maskedPaths` is not supported by mydocker yet",
            "881 unsupported-key `linux.readonlyPaths` is not supported by mydocker yet",
        ],
    ]

    @Test(arguments: ["containerd-config-image.json", "containerd-config.json", "podman-config.json"])
    func onlyTheKeysOtherThanResourcesAndCgroupsPathAreReported(name: String) {
        let result = Fixtures.lint("peer/" + name)
        let lines = result.diagnostics.map { "\($0.line) \($0.ruleID) \($0.message)" }
        #expect(lines == Self.expected[name])
        #expect(!lines.contains { $0.contains("resources") || $0.contains("cgroupsPath") })
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
