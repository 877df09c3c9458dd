import Testing
@testable import Spec

/// `line:column rule` of every diagnostic of `text`, as `mydocker lint` prints them.
private func lint(_ text: String, file: String = "t.yaml") -> [String] {
    Linter.lint(bytes: Array(text.utf8), file: file, baseDirectory: "/").diagnostics.map { "\($0.line):\($0.column) \($0.ruleID)" }
}

/// The message of the only diagnostic of `text`.
private func message(_ text: String) -> String? {
    let d = Linter.lint(bytes: Array(text.utf8), file: "t.yaml", baseDirectory: "/").diagnostics
    return d.count == 1 ? d[0].message : nil
}

@Suite struct RlimitRuleTests {
    @Test func aSoftLimitAboveItsHardOneIsAnErrorAtTheSoftValue() {
        #expect(lint("process:\n  args: [x]\n  rlimits:\n    - {type: RLIMIT_NOFILE, soft: 2048, hard: 1024}\n") == ["4:35 rlimit-soft-above-hard"])
        #expect(lint("process:\n  args: [x]\n  rlimits:\n    - type: RLIMIT_CORE\n      hard: 0\n      soft: 1\n") == ["6:13 rlimit-soft-above-hard"])
    }

    @Test func equalAndLowerSoftLimitsAndUnlimitedAreFine() {
        #expect(lint("process:\n  args: [x]\n  rlimits:\n    - {type: RLIMIT_NOFILE, soft: 1024, hard: 1024}\n    - {type: RLIMIT_NPROC, soft: 1, hard: 18446744073709551615}\n") == [])
    }

    @Test func aTypeGivenTwiceIsAnErrorAtTheSecondNamingTheFirstLine() {
        let text = "process:\n  args: [x]\n  rlimits:\n    - {type: RLIMIT_NOFILE, soft: 1, hard: 1}\n    - {type: RLIMIT_CORE, soft: 0, hard: 0}\n    - {type: RLIMIT_NOFILE, soft: 2, hard: 2}\n"
        #expect(lint(text) == ["6:14 rlimit-duplicate"])
        #expect(message(text) == "`process.rlimits[2]`: `RLIMIT_NOFILE` is already set at line 4: give each type once")
    }

    @Test func anUnknownTypeIsAnEnumErrorOnly() {
        #expect(lint("process:\n  args: [x]\n  rlimits:\n    - {type: NOFILE, soft: 9, hard: 1}\n") == ["4:14 enum"])
    }
}

@Suite struct SysctlRuleTests {
    static func spec(namespaces: String, _ sysctl: String) -> String {
        "process: {args: [x]}\nlinux:\n  namespaces: \(namespaces)\n  sysctl:\n    \(sysctl)\n"
    }

    @Test(arguments: [
        ("net.ipv4.ip_forward: \"1\"", "network"), ("net/ipv4/conf/all/forwarding: \"1\"", "network"),
        ("kernel.shmmax: \"1\"", "ipc"), ("kernel.msgmnb: \"1\"", "ipc"), ("kernel.sem: \"1 2 3 4\"", "ipc"),
        ("kernel.shm_rmid_forced: \"1\"", "ipc"), ("fs.mqueue.msg_max: \"64\"", "ipc"), ("kernel.domainname: x", "uts"),
        ("user.max_user_namespaces: \"0\"", "user"),
    ])
    func aNamespacedParameterNeedsItsNamespaceAtItsKey(sysctl: String, kind: String) {
        #expect(lint(Self.spec(namespaces: "[mount]", sysctl)) == ["5:5 sysctl-needs-namespace"])
        #expect(message(Self.spec(namespaces: "[mount]", sysctl))?.contains("add `\(kind)` to `linux.namespaces`") == true)
        let own = kind == "user" ? "[{type: user}]\n  uidMappings: [{containerID: 0, hostID: 1000, size: 1}]\n  gidMappings: [{containerID: 0, hostID: 1000, size: 1}]" : "[\(kind)]"
        #expect(lint(Self.spec(namespaces: own, sysctl)) == [])
    }

    @Test(arguments: ["vm.swappiness: \"10\"", "kernel.core_pattern: core", "fs.file-max: \"1000\"", "kernel/panic: \"1\"", "kernel.shmnotreal: \"1\""])
    func aParameterOfTheWholeHostIsAnErrorWhateverTheNamespaces(sysctl: String) {
        #expect(lint(Self.spec(namespaces: "[network, ipc, uts, mount]", sysctl)) == ["5:5 sysctl-not-namespaced"])
    }

    @Test func kernelHostnameIsTheHostnameKeysBusiness() {
        #expect(lint(Self.spec(namespaces: "[uts]", "kernel.hostname: box")) == ["5:5 sysctl-hostname"])
        #expect(lint(Self.spec(namespaces: "[mount]", "kernel.hostname: box")) == ["5:5 sysctl-hostname"])
    }

    @Test func aNetworkNamespaceJoinedByPathCountsUnlessItIsTheHostsOwn() {
        #expect(lint(Self.spec(namespaces: "[{type: network, path: /proc/self/ns/net}]", "net.ipv4.ip_forward: \"1\"")) == ["5:5 sysctl-needs-namespace"])
        #expect(message(Self.spec(namespaces: "[{type: network, path: /proc/self/ns/net}]", "net.ipv4.ip_forward: \"1\""))?
            .contains("joins /proc/self/ns/net, the host's") == true)
    }

    @Test func slashNamesAreReadAsRuncReadsThem() {
        #expect(SysctlScope.dotted("net/ipv4/conf/eth0.100/forwarding") == "net.ipv4.conf.eth0/100.forwarding")
        #expect(SysctlScope.dotted("net.ipv4.conf.eth0/100.forwarding") == "net.ipv4.conf.eth0/100.forwarding")
        #expect(SysctlScope("fs/mqueue/queues_max") == .namespace(.ipc))
        #expect(SysctlScope("kernel.shm_next_id") == .namespace(.ipc))
    }

    @Test func podmansPingGroupRangeWithItsNetworkNamespaceIsFine() {
        #expect(lint(Self.spec(namespaces: "[network, ipc, uts, mount]", "net.ipv4.ping_group_range: \"0 0\"")) == [])
    }
}

@Suite struct AmbientCapabilityRuleTests {
    static func spec(_ sets: String) -> String { "process:\n  args: [x]\n  capabilities:\n\(sets)" }

    @Test func anAmbientCapabilityBothPermittedAndInheritableIsKept() {
        #expect(lint(Self.spec("    permitted: [CAP_KILL]\n    inheritable: [CAP_KILL]\n    ambient: [CAP_KILL]\n")) == [])
    }

    @Test func oneMissingFromEitherSetIsAWarningAtItsItem() {
        #expect(lint(Self.spec("    permitted: [CAP_KILL]\n    ambient: [CAP_KILL]\n")) == ["5:15 ambient-capability-dropped"])
        #expect(lint(Self.spec("    inheritable: [CAP_KILL]\n    ambient:\n      - CAP_CHOWN\n      - CAP_KILL\n")) == ["6:9 ambient-capability-dropped", "7:9 ambient-capability-dropped"])
        #expect(message(Self.spec("    permitted: [CAP_KILL]\n    ambient: [CAP_KILL]\n"))?.hasPrefix("`CAP_KILL` in `process.capabilities.ambient` is not in `inheritable`") == true)
    }

    @Test func anUnknownNameBeforeItDoesNotShiftTheColumn() {
        #expect(lint(Self.spec("    ambient: [CAP_BOGUS, CAP_KILL]\n")) == ["4:15 enum", "4:26 ambient-capability-dropped"])
    }

    /// runc 1.1 and crun 1.8 `spec` list ambient capabilities without inheritable ones: the kernel drops them.
    @Test func runcAndCrunSpecAmbientSetsAreWarnedAbout() {
        let caps = "[CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE]"
        let text = Self.spec("    bounding: \(caps)\n    effective: \(caps)\n    inheritable: []\n    permitted: \(caps)\n    ambient: \(caps)\n")
        #expect(lint(text) == ["8:15 ambient-capability-dropped", "8:32 ambient-capability-dropped", "8:42 ambient-capability-dropped"])
    }
}

@Suite struct SandboxCapabilityRuleTests {
    static let sandbox = "root: {path: /}\nprocess:\n  args: [/bin/sh]\nlinux:\n  namespaces: [pid, mount]\nmounts: [{destination: /proc, type: proc, source: proc}]\n"

    @Test func ownRootPidAndMountWithoutCapabilitiesOrUserNamespaceIsAWarningAtProcess() {
        #expect(lint(Self.sandbox) == ["2:1 sandbox-keeps-all-capabilities"])
        let text = message(Self.sandbox) ?? ""
        for allowed in ["mknod", "mount the host's root", "/proc/sys", "release_agent", "kernel log", "ptrace"] {
            #expect(text.contains(allowed), "\(allowed)")
        }
        #expect(text.contains("give `process.capabilities` a list"))
        #expect(text.contains("add a `user` namespace"))
    }

    @Test func aCapabilityListOrAUserNamespaceIsEnough() {
        let withCaps = Self.sandbox.replacing("  args: [/bin/sh]\n", with: "  args: [/bin/sh]\n  capabilities: {bounding: [CAP_KILL]}\n")
        #expect(lint(withCaps) == [])
        let empty = Self.sandbox.replacing("  args: [/bin/sh]\n", with: "  args: [/bin/sh]\n  capabilities: {}\n")
        #expect(lint(empty) == [])
        let userns = Self.sandbox.replacing("[pid, mount]", with: "[pid, mount, user]\n  uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\n  gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]")
        #expect(lint(userns) == [])
    }

    @Test func withoutTheLookOfASandboxOrWithoutRootItIsQuiet() {
        #expect(lint(Self.sandbox.replacing("root: {path: /}\n", with: "")) == [])
        #expect(lint(Self.sandbox.replacing("[pid, mount]", with: "[mount]").replacing("mounts: [{destination: /proc, type: proc, source: proc}]\n", with: "")) == [])
        #expect(lint(Self.sandbox.replacing("  args: [/bin/sh]\n", with: "  args: [/bin/sh]\n  user: {uid: 1000, gid: 1000}\n")) == [])
        let joined = Self.sandbox.replacing("[pid, mount]", with: "[{type: pid, path: /proc/self/ns/pid}, mount]")
        #expect(lint(joined) == [])
    }
}

@Suite struct SecurityLabelRuleTests {
    @Test(arguments: ["docker-default", "unconfined", "/usr/bin/foo", "", "containers-default-0.50.1"])
    func profileNamesOnOneLineAreFine(profile: String) {
        #expect(lint("process: {args: [x], apparmorProfile: \"\(profile)\"}\n") == [])
    }

    @Test func aProfileNameWithANewlineOrEdgeSpaceIsAnErrorAtTheValue() {
        #expect(lint("process: {args: [x], apparmorProfile: \"a\\nb\"}\n") == ["1:39 security-label-format"])
        #expect(lint("process: {args: [x], apparmorProfile: \"a \"}\n") == ["1:39 security-label-format"])
    }

    @Test(arguments: ["system_u:system_r:container_t:s0:c1,c2", "system_u:object_r:container_file_t:s0", "u:r:t", ""])
    func selinuxContextsAreUserRoleTypeAndALevel(label: String) {
        #expect(lint("process: {args: [x], selinuxLabel: \"\(label)\"}\nlinux: {mountLabel: \"\(label)\"}\n") == [])
    }

    @Test(arguments: ["container_t", "system_u:system_r", "system_u::container_t:s0", "system_u:system_r:container_t :s0"])
    func anythingElseIsAnErrorAtEachValue(label: String) {
        #expect(lint("process: {args: [x], selinuxLabel: \"\(label)\"}\nlinux: {mountLabel: \"\(label)\"}\n")
                == ["1:36 security-label-format", "2:21 security-label-format"])
    }
}

/// The configs the peers generate here: nothing for the security rules to say.
@Suite struct SecurityRulesOnPeerConfigsTests {
    @Test(arguments: ["peer/podman-config.json", "peer/containerd-config.json", "peer/containerd-config-image.json", "ok/config.json"])
    func peerConfigsGetNoSecurityFinding(name: String) {
        let security = Set(["rlimit-soft-above-hard", "rlimit-duplicate", "sysctl-not-namespaced", "sysctl-needs-namespace", "sysctl-hostname",
                            "ambient-capability-dropped", "sandbox-keeps-all-capabilities", "security-label-format"])
        let found = Fixtures.lint(name).diagnostics.filter { security.contains($0.ruleID) }
        #expect(found.map { "\($0.line):\($0.column) \($0.ruleID)" } == [])
    }
}

/// The golden of each security rule shows it at the value it is about.
@Suite struct SecurityGoldensTests {
    @Test(arguments: [
        ("rlimit-soft-above-hard", ["5:35", "8:13"]), ("rlimit-duplicate", ["11:13"]), ("sysctl-not-namespaced", ["7:5", "9:5"]),
        ("sysctl-needs-namespace", ["7:5", "8:5", "9:5", "11:5"]), ("sysctl-hostname", ["7:5"]),
        ("ambient-capability-dropped", ["9:37", "9:47"]), ("security-label-format", ["4:20", "5:17"]),
    ])
    func eachShowsItsRule(rule: String, positions: [String]) {
        let found = Fixtures.lint("err/\(rule).yaml").diagnostics.map { "\($0.line):\($0.column) \($0.ruleID)" }
        #expect(found == positions.map { "\($0) \(rule)" })
    }
}
