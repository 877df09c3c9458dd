import Glibc
import Spec
import Testing
@testable import Seccomp

/// Every word the spec's schema allows (SeccompNames) means something to compile, or is refused with a reason.
@Suite struct VocabularyTests {
    @Test(arguments: SeccompNames.actions)
    func everyAction(name: String) {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["uname"], action: name)])
        if name == "SCMP_ACT_NOTIFY" {
            #expect(throws: SeccompError.self) { try SeccompProgram.compile(profile) }
        } else {
            #expect(throws: Never.self) { try SeccompProgram.compile(profile) }
        }
    }

    @Test(arguments: SeccompNames.operators)
    func everyOperator(name: String) {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            Rule(names: ["uname"], action: "SCMP_ACT_KILL", args: [Argument(index: 0, value: 1, valueTwo: 1, op: name)])
        ])
        #expect(throws: Never.self) { try SeccompProgram.compile(profile) }
    }

    @Test(arguments: SeccompNames.architectures)
    func everyArchitecture(name: String) {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", architectures: [name],
                                            syscalls: [Rule(names: ["uname"], action: "SCMP_ACT_KILL")])
        // Little-endian x86_64 here: big-endian architectures cannot join its filter (libseccomp says EDOM).
        let bigEndian = ["MIPS", "MIPS64", "MIPS64N32", "PPC", "PPC64", "S390", "S390X", "PARISC", "PARISC64", "M68K", "SHEB"]
        do {
            _ = try SeccompProgram.compile(profile)
            #expect(!bigEndian.contains(String(name.dropFirst("SCMP_ARCH_".count))))
        } catch {
            if LibSeccomp.architecture(named: name) == nil {
                #expect(error.description == "linux.seccomp.architectures[0]: libseccomp \(LibSeccomp.version) does not know the architecture \(name)")
            } else {
                #expect(error.description == "linux.seccomp.architectures[0]: seccomp_arch_add: Numerical argument out of domain: \(name) has the other byte order: one filter covers architectures of one byte order")
            }
        }
    }

    @Test(arguments: SeccompNames.flags)
    func everyFlag(name: String) {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", flags: [name])
        if name == "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" {
            #expect(throws: SeccompError.self) { try SeccompProgram.compile(profile) }
        } else {
            #expect((try? SeccompProgram.compile(profile))?.flags.nonzeroBitCount == 1)
        }
    }

    @Test func instructionsDecodeTheBytesTheyCameFrom() throws {
        let program = try SeccompProgram.compile(CompileTests.small)
        #expect(program.instructions.flatMap(\.bytes) == program.bytes)
        #expect(SeccompProgram.Instruction(code: 0x15, jt: 2, jf: 0, k: 0xc000_003e).description == "{ 0x15, 2, 0, 0xc000003e }")
    }
}
