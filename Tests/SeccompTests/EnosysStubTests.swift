import Glibc
import Spec
import Testing
@testable import Seccomp

/// runc's -ENOSYS stub: calls newer than every call the profile names get ENOSYS, on each listed architecture.
@Suite struct EnosysStubTests {
    static let enosys = Action.errno(UInt32(ENOSYS))
    static let eperm = Action.errno(UInt32(EPERM))
    static let x32Bit: UInt32 = 0x4000_0000

    static func profile(_ defaultAction: String, errno: UInt32? = nil, architectures: [String]) -> ContainerSpec.Seccomp {
        ContainerSpec.Seccomp(defaultAction: defaultAction, defaultErrnoRet: errno, architectures: architectures,
                              syscalls: [Rule(names: ["read", "getpriority"], action: "SCMP_ACT_ALLOW")])
    }

    @Test func callsAboveTheLargestNamedOneGetENOSYSOnEveryListedArchitecture() throws {
        let run = BPFRunner(try SeccompProgram.compile(Self.profile("SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])))
        // x86_64: getpriority (140) is the largest named call.
        #expect(try run.run(.init(number: 140, architecture: AuditArch.x86_64)) == Action.allow)
        #expect(try run.run(.init(number: 2, architecture: AuditArch.x86_64)) == Self.eperm)
        #expect(try run.run(.init(number: 141, architecture: AuditArch.x86_64)) == Self.enosys)
        #expect(try run.run(.init(number: 1000, architecture: AuditArch.x86_64)) == Self.enosys)
        // x32: the same numbers with bit 30.
        #expect(try run.run(.init(number: Self.x32Bit | 140, architecture: AuditArch.x86_64)) == Action.allow)
        #expect(try run.run(.init(number: Self.x32Bit | 2, architecture: AuditArch.x86_64)) == Self.eperm)
        #expect(try run.run(.init(number: Self.x32Bit | 1000, architecture: AuditArch.x86_64)) == Self.enosys)
        // i386: getpriority is 96.
        #expect(try run.run(.init(number: 96, architecture: AuditArch.i386)) == Action.allow)
        #expect(try run.run(.init(number: 5, architecture: AuditArch.i386)) == Self.eperm)
        #expect(try run.run(.init(number: 97, architecture: AuditArch.i386)) == Self.enosys)
        // Not in the filter: libseccomp's bad-architecture action.
        #expect(try run.run(.init(number: 1000, architecture: AuditArch.aarch64)) == Action.killThread)
    }

    @Test func x86_64AloneLeavesX32CallsToTheFilter() throws {
        let run = BPFRunner(try SeccompProgram.compile(Self.profile("SCMP_ACT_KILL_PROCESS", architectures: ["SCMP_ARCH_X86_64"])))
        #expect(try run.run(.init(number: 1000, architecture: AuditArch.x86_64)) == Self.enosys)
        #expect(try run.run(.init(number: 2, architecture: AuditArch.x86_64)) == Action.killProcess)
        // An x32 call passes the stub; libseccomp's x86_64 filter treats it as a foreign architecture.
        #expect(try run.run(.init(number: Self.x32Bit | 1000, architecture: AuditArch.x86_64)) == Action.killThread)
    }

    @Test func withoutListedArchitecturesThereIsNoStub() throws {
        // As runc: the stub covers the architectures the profile lists, and the native one is not listed here.
        let run = BPFRunner(try SeccompProgram.compile(Self.profile("SCMP_ACT_ERRNO", architectures: [])))
        #expect(try run.run(.init(number: 1000, architecture: AuditArch.x86_64)) == Self.eperm)
    }

    @Test(arguments: ["SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE"])
    func aPermissiveDefaultGetsNoStub(action: String) throws {
        var profile = Self.profile(action, architectures: ["SCMP_ARCH_X86_64"])
        profile.syscalls = [Rule(names: ["getpriority"], action: "SCMP_ACT_ERRNO")]
        let program = try SeccompProgram.compile(profile)
        #expect(try BPFRunner(program).run(.init(number: 1000, architecture: AuditArch.x86_64)) != Self.enosys)
        #expect(program.instructions.first?.code == EnosysStub.Op.loadWord)
        #expect(!program.instructions.contains { $0.code == EnosysStub.Op.returnConstant && $0.k == Self.enosys })
    }

    @Test func aDefaultOfENOSYSNeedsNoStubAndAnswersTheSame() throws {
        let withDefault = try SeccompProgram.compile(Self.profile("SCMP_ACT_ERRNO", errno: UInt32(ENOSYS), architectures: ["SCMP_ARCH_X86_64"]))
        let withStub = try SeccompProgram.compile(Self.profile("SCMP_ACT_ERRNO", errno: UInt32(EPERM), architectures: ["SCMP_ARCH_X86_64"]))
        #expect(withDefault.instructionCount < withStub.instructionCount)
        #expect(try BPFRunner(withDefault).run(.init(number: 1000, architecture: AuditArch.x86_64)) == Self.enosys)
    }

    @Test func s390LeavesUnknownCallsInSetupWhichGetsENOSYS() throws {
        let s390x: UInt32 = 0x8000_0016
        let stub = try EnosysStub.instructions(for: [EnosysStub.Section(architecture: s390x, largest: 300)])
        let filter = SeccompProgram.Instruction(code: EnosysStub.Op.returnConstant, k: Action.allow)
        let run = BPFRunner(try SeccompProgram(bytes: (stub + [filter]).flatMap(\.bytes), flags: 0))
        #expect(try run.run(.init(number: 0, architecture: s390x)) == Self.enosys)
        #expect(try run.run(.init(number: 5, architecture: s390x)) == Action.allow)
        #expect(try run.run(.init(number: 301, architecture: s390x)) == Self.enosys)
        #expect(try run.run(.init(number: 301, architecture: AuditArch.x86_64)) == Action.allow)
    }

    @Test func sectionsFollowTheListedArchitecturesOnce() {
        let x86 = LibSeccomp.architecture(named: "SCMP_ARCH_X86") ?? 0
        let sections = EnosysStub.sections(architectures: [LibSeccomp.x32, x86, LibSeccomp.x86_64, x86], names: ["read", "getpriority", "nosuchcall"])
        #expect(sections == [
            EnosysStub.Section(architecture: AuditArch.i386, largest: 96),
            EnosysStub.Section(architecture: AuditArch.x86_64, largest: 140, largestX32: Self.x32Bit | 140),
        ])
        #expect(EnosysStub.sections(architectures: [x86], names: ["nosuchcall"]) == [])
        #expect((try? EnosysStub.instructions(for: [])) == [])
    }
}
