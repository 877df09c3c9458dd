import Foundation
import Spec
import StartingSpec
import Testing

/// The conversion of Docker-format profiles on a small profile made for the purpose: each include and exclude.
@Suite struct DockerProfileTests {
    static let profile = """
    {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrno": "ENOSYS",
      "archMap": [
        {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
        {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}
      ],
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "", "includes": {}, "excludes": {}},
        {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT"]}},
        {"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "errno": "EPERM", "excludes": {"caps": ["CAP_SYS_CHROOT"]}},
        {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_BPF"]}},
        {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
        {"names": ["arm_fadvise64_64"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
        {"names": ["vm86"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
        {"names": ["clone3"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.3"}},
        {"names": ["futex_waitv"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "5.16"}},
        {"name": "personality", "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
        {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "args": [{"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}], "excludes": {"caps": ["CAP_AUDIT_WRITE"]}},
        {"names": ["mmap"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 18446744073709551615, "valueTwo": 4, "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": [], "action": "SCMP_ACT_ALLOW"}
      ]
    }
    """

    static func convert(caps: [String]?, arch: NativeArchitecture = .x86_64, kernel: KernelVersion = KernelVersion(major: 5, minor: 10),
                        _ text: String = profile) throws -> ContainerSpec.Seccomp? {
        try DockerProfile(jsonText: Array(text.utf8)).seccomp(for: ProfileTarget(capabilities: caps, architecture: arch, kernel: kernel))
    }

    static func rules(_ s: ContainerSpec.Seccomp?) -> [String] {
        (s?.syscalls ?? []).map { call in
            call.names.joined(separator: ",") + " " + call.action + (call.errnoRet.map { " \($0)" } ?? "")
        }
    }

    @Test func theDefaultsAndTheNativeArchitecturesComeFromTheProfile() throws {
        let s = try #require(try Self.convert(caps: []))
        #expect(s.defaultAction == "SCMP_ACT_ERRNO")
        #expect(s.defaultErrnoRet == 38)  // ENOSYS, by name
        #expect(s.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        let arm64 = try #require(NativeArchitecture(machine: "aarch64"))
        let arm = try #require(try Self.convert(caps: [], arch: arm64))
        #expect(arm.architectures == ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"])
        let riscv64 = try #require(NativeArchitecture(machine: "riscv64"))
        let riscv = try #require(try Self.convert(caps: [], arch: riscv64))
        #expect(riscv.architectures == [])
    }

    @Test func rulesAreKeptByCapabilityArchitectureAndKernel() throws {
        #expect(Self.rules(try Self.convert(caps: ["CAP_KILL"])) == [
            "read,write SCMP_ACT_ALLOW", "chroot SCMP_ACT_ERRNO 1", "arch_prctl SCMP_ACT_ALLOW", "clone3 SCMP_ACT_ALLOW",
            "personality SCMP_ACT_ALLOW", "socket SCMP_ACT_ERRNO 22", "mmap SCMP_ACT_ALLOW",
        ])
        // With CAP_SYS_CHROOT and CAP_AUDIT_WRITE: chroot allowed, the socket rule excluded; bpf needs both its caps.
        #expect(Self.rules(try Self.convert(caps: ["CAP_SYS_CHROOT", "CAP_AUDIT_WRITE", "CAP_SYS_ADMIN"])) == [
            "read,write SCMP_ACT_ALLOW", "chroot SCMP_ACT_ALLOW", "arch_prctl SCMP_ACT_ALLOW", "clone3 SCMP_ACT_ALLOW",
            "personality SCMP_ACT_ALLOW", "mmap SCMP_ACT_ALLOW",
        ])
        #expect(Self.rules(try Self.convert(caps: ["CAP_SYS_ADMIN", "CAP_BPF"])).contains("bpf SCMP_ACT_ALLOW"))
        // On arm64: the arm rule, vm86 (excluded only on amd64), no arch_prctl; on 5.16 futex_waitv too.
        let arm64 = try #require(NativeArchitecture(machine: "aarch64"))
        #expect(Self.rules(try Self.convert(caps: [], arch: arm64, kernel: KernelVersion(major: 5, minor: 16))) == [
            "read,write SCMP_ACT_ALLOW", "chroot SCMP_ACT_ERRNO 1", "arm_fadvise64_64 SCMP_ACT_ALLOW", "vm86 SCMP_ACT_ALLOW",
            "clone3 SCMP_ACT_ALLOW", "futex_waitv SCMP_ACT_ALLOW", "personality SCMP_ACT_ALLOW", "socket SCMP_ACT_ERRNO 22",
            "mmap SCMP_ACT_ALLOW",
        ])
        // Before 5.3, not even clone3.
        #expect(!Self.rules(try Self.convert(caps: [], kernel: KernelVersion(major: 4, minor: 19))).contains("clone3 SCMP_ACT_ALLOW"))
    }

    /// A spec without process.capabilities: containers/common then neither keeps nor drops rules for their caps.
    @Test func withoutACapabilityListCapsDecideNothing() throws {
        let rules = Self.rules(try Self.convert(caps: nil))
        #expect(rules.contains("chroot SCMP_ACT_ALLOW") && rules.contains("chroot SCMP_ACT_ERRNO 1") && rules.contains("bpf SCMP_ACT_ALLOW"))
    }

    @Test func argumentsCarryOverWithValuesAboveInt64() throws {
        let s = try #require(try Self.convert(caps: []))
        #expect(s.syscalls.first { $0.names == ["personality"] }?.args == [.init(index: 0, value: 8, op: "SCMP_CMP_EQ")])
        #expect(s.syscalls.first { $0.names == ["mmap"] }?.args == [.init(index: 2, value: UInt64.max, valueTwo: 4, op: "SCMP_CMP_MASKED_EQ")])
    }

    @Test func aProfileWithNothingMeansNoFilter() throws {
        #expect(try Self.convert(caps: [], "{}") == nil)
        #expect(try Self.convert(caps: [], "{\"syscalls\": null}") == nil)
    }

    @Test(arguments: [
        ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"name\": \"a\", \"names\": [\"b\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", "syscalls[0] gives both `name` and `names`: use one of them"),
        ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\"], \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]}", "the profile gives both `architectures` and `archMap`: use one of them"),
        ("{\"defaultAction\": \"SCMP_ACT_NOPE\"}", "unknown defaultAction `SCMP_ACT_NOPE`"),
        ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrno\": \"ENOTANERRNO\"}", "unknown defaultErrno `ENOTANERRNO`"),
        ("{\"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", "the profile has rules but no `defaultAction`"),
        ("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"EQ\"}]}]}", "unknown op of syscalls[0] `EQ`"),
    ])
    func whatContainersCommonRefusesIsAnError(text: String, message: String) {
        #expect(throws: DockerProfileError(message)) { try Self.convert(caps: [], text) }
    }

    @Test func aValueOfTheWrongTypeIsAnErrorAtItsLineAndColumn() {
        let text = "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [\n    {\"names\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"}\n  ]\n}\n"
        #expect(throws: DockerProfileError("`names` must be a list", line: 4, column: 15)) { try Self.convert(caps: [], text) }
        #expect(throws: DockerProfileError("`index` must be 0 to 5 (a system call has six arguments), found 6", line: 1, column: 86)) {
            try Self.convert(caps: [], "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"args\": [{\"index\": 6}]}]}")
        }
        #expect(throws: DockerProfileError.self) { try Self.convert(caps: [], "{\"defaultAction\": ") }
        #expect(throws: DockerProfileError("`minKernel` must be MAJOR.MINOR (such as 4.8), found `5`", line: 1, column: 93)) {
            try Self.convert(caps: [], "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"includes\": {\"minKernel\": \"5\"}}]}")
        }
    }

    @Test func kernelReleasesAndMachinesAreRead() throws {
        #expect(KernelVersion(release: "6.18.44-fc-v1252") == KernelVersion(major: 6, minor: 18))
        #expect(KernelVersion(release: "6.1.0-18-amd64") == KernelVersion(major: 6, minor: 1))
        #expect(KernelVersion(release: "5.4") == KernelVersion(major: 5, minor: 4))
        #expect(KernelVersion(release: "5.15rc1") == KernelVersion(major: 5, minor: 15))
        #expect(KernelVersion(release: "linux") == nil)
        #expect(KernelVersion(minKernel: "4.8") == KernelVersion(major: 4, minor: 8))
        #expect(KernelVersion(minKernel: "4.8.1") == nil)
        #expect(KernelVersion(major: 4, minor: 19) < KernelVersion(major: 5, minor: 3))
        #expect(NativeArchitecture(machine: "x86_64") == .x86_64)
        #expect(NativeArchitecture(machine: "armv7l")?.seccompName == "SCMP_ARCH_ARM")
        #expect(NativeArchitecture(machine: "vax") == nil)
        #expect(ErrnoNames.number("EPERM") == 1 && ErrnoNames.number("12") == 12 && ErrnoNames.number("nope") == nil)
    }
}
