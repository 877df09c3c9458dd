import Glibc
import LinuxSystem
import Spec
import Testing
@testable import Seccomp

/// Every refusal names the field and says what to change; no input makes compile crash.
@Suite struct CompileErrorTests {
    static func failure(_ profile: ContainerSpec.Seccomp) -> String? {
        do {
            _ = try SeccompProgram.compile(profile)
            return nil
        } catch {
            return error.description
        }
    }

    static func rule(_ rule: Rule) -> ContainerSpec.Seccomp {
        ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["getpid"], action: "SCMP_ACT_LOG"), rule])
    }

    @Test func notifyIsRefusedUntilAgentsAreSupported() {
        let agent = "SCMP_ACT_NOTIFY hands calls to a seccomp agent at listenerPath, which mydocker does not support yet: use SCMP_ACT_ERRNO or SCMP_ACT_ALLOW"
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_NOTIFY")) == "linux.seccomp.defaultAction: " + agent)
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_NOTIFY"))) == "linux.seccomp.syscalls[1].action: " + agent)
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", listenerPath: "/run/agent.sock"))
            == "linux.seccomp.listenerPath: seccomp agents (SCMP_ACT_NOTIFY) are not supported yet: remove it")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", flags: ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]))
            == "linux.seccomp.flags[0]: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV applies to a seccomp agent's listener (SCMP_ACT_NOTIFY), which mydocker does not support yet: remove it")
    }

    @Test func unknownWordsAreNamedWithTheNearestKnownOne() {
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALOW")) == "linux.seccomp.defaultAction: unknown action `SCMP_ACT_ALOW`: did you mean SCMP_ACT_ALLOW?")
        #expect(Self.failure(.init(defaultAction: "x")) == "linux.seccomp.defaultAction: unknown action `x`")
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", args: [Argument(index: 0, value: 1, op: "SCMP_CMP_EQQ")])))
            == "linux.seccomp.syscalls[1].args[0].op: unknown operator `SCMP_CMP_EQQ`: did you mean SCMP_CMP_EQ?")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X68"]))
            == "linux.seccomp.architectures[1]: unknown architecture `SCMP_ARCH_X68`: did you mean SCMP_ARCH_X86?")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86\u{0}"]))
            == "linux.seccomp.architectures[0]: unknown architecture `SCMP_ARCH_X86\u{0}`: did you mean SCMP_ARCH_X86?")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", flags: ["SECCOMP_FILTER_FLAG_LOGS"]))
            == "linux.seccomp.flags[0]: unknown flag `SECCOMP_FILTER_FLAG_LOGS`: did you mean SECCOMP_FILTER_FLAG_LOG?")
    }

    @Test func anArchitectureTheLibraryDoesNotKnowIsNamed() {
        let newer = SeccompNames.architectures.filter { LibSeccomp.architecture(named: $0) == nil }
        for name in newer {
            #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", architectures: [name]))
                == "linux.seccomp.architectures[0]: libseccomp \(LibSeccomp.version) does not know the architecture \(name)")
        }
        #expect(newer.count < SeccompNames.architectures.count / 2)
    }

    @Test func errnoRetOnlyWhereTheActionReturnsOne() {
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_KILL", errnoRet: 1)))
            == "linux.seccomp.syscalls[1].action: errnoRet is only for SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not SCMP_ACT_KILL: remove it")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ALLOW", defaultErrnoRet: 1))
            == "linux.seccomp.defaultAction: errnoRet is only for SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not SCMP_ACT_ALLOW: remove it")
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", errnoRet: 4095)))
            == "linux.seccomp.syscalls[1].action: errnoRet 4095 is above 4094, the largest errno libseccomp returns")
        #expect(Self.failure(.init(defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: 65536))
            == "linux.seccomp.defaultAction: errnoRet 65536 is above 4094, the largest errno libseccomp returns")
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", errnoRet: 4094))) == nil)
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_TRACE", errnoRet: 65536)))
            == "linux.seccomp.syscalls[1].action: errnoRet 65536 is above 65535, the most SCMP_ACT_TRACE passes to the tracer")
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_TRACE", errnoRet: 65535))) == nil)
    }

    @Test func argumentsAndNamesAreChecked() {
        #expect(Self.failure(Self.rule(Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", args: [
            Argument(index: 5, value: 1, op: "SCMP_CMP_EQ"), Argument(index: 6, value: 1, op: "SCMP_CMP_EQ"),
        ]))) == "linux.seccomp.syscalls[1].args[1].index: 6 is not an argument: a system call has 6, 0 to 5")
        #expect(Self.failure(Self.rule(Rule(names: ["uname", ""], action: "SCMP_ACT_ERRNO")))
            == "linux.seccomp.syscalls[1].names[1]: an empty system call name")
        #expect(Self.failure(Self.rule(Rule(names: [], action: "SCMP_ACT_ERRNO"))) == nil)
    }

    @Test func aLibseccompRefusalNamesTheCallAndItsErrno() throws {
        // compile checks what libseccomp would refuse; the filter's own calls still report libseccomp's errno.
        let filter = try LibSeccomp.Filter(defaultAction: Action.allow)
        #expect(throws: SystemError(call: "seccomp_rule_add_array", errno: EINVAL)) {
            try filter.addRule(action: Action.errno(4095), syscall: Int32(try number("uname")), conditions: [])
        }
        #expect(throws: SystemError(call: "seccomp_rule_add_array", errno: EINVAL)) {
            try filter.addRule(action: Action.errno(1), syscall: Int32(try number("uname")), conditions: [.init(index: 0, op: 99, a: 0, b: 0)])
        }
        #expect(throws: SystemError(call: "seccomp_init", errno: EINVAL, hint: "libseccomp or this kernel does not support the action")) {
            try LibSeccomp.Filter(defaultAction: 0x1234_5678)
        }
    }

    @Test func twoRulesForOneCallWithoutConditionsKeepTheFirst() throws {
        // As libseccomp does for runc and crun alike.
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
            Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", errnoRet: 1), Rule(names: ["getpid", "uname"], action: "SCMP_ACT_ERRNO", errnoRet: 2),
        ])
        let program = try SeccompProgram.compile(profile)
        #expect(try answer(program, "uname") == Action.errno(1))
        #expect(try answer(program, "getpid") == Action.errno(2))
    }

    @Test func aProgramPastTheKernelsLimitIsRefused() {
        let values = (0..<4500).map { Argument(index: 0, value: UInt64($0), op: "SCMP_CMP_EQ") }
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ERRNO", syscalls: [Rule(names: ["personality"], action: "SCMP_ACT_ALLOW", args: values)])
        let message = Self.failure(profile) ?? ""
        #expect(message.hasPrefix("a seccomp program of "))
        #expect(message.hasSuffix("instructions: the kernel takes at most 4096: the profile has too many rules"))
    }

    @Test func receivedProgramsAreChecked() {
        #expect(throws: SeccompError.self) { try SeccompProgram(bytes: [], flags: 0) }
        #expect(throws: SeccompError.self) { try SeccompProgram(bytes: [1, 2, 3], flags: 0) }
        #expect(throws: SeccompError.self) { try SeccompProgram(bytes: [UInt8](repeating: 0, count: 8 * 4097), flags: 0) }
        #expect(throws: SeccompError.self) { try SeccompProgram(bytes: [UInt8](repeating: 0, count: 8), flags: 8) }
        #expect(throws: Never.self) { try SeccompProgram(bytes: [UInt8](repeating: 0, count: 8 * 4096), flags: 7) }
    }

    /// Profiles made of random words and numbers (some of them valid): compile returns a program or a
    /// SeccompError, and never crashes.
    @Test func randomProfilesNeverCrash() {
        var random = SplitMix(seed: 11)
        let words = SeccompNames.actions + SeccompNames.operators + SeccompNames.architectures + SeccompNames.flags
            + ["", "read", "uname", "personality", "SCMP_ACT_", "\u{0}", "é", String(repeating: "x", count: 300)]
        // Mostly valid words, so that many profiles get as far as libseccomp.
        func word(_ valid: String) -> String { random.next() % 8 == 0 ? words[Int(random.next() % UInt64(words.count))] : valid }
        func maybe() -> UInt32? { random.next() % 3 == 0 ? UInt32(truncatingIfNeeded: random.next() % 70_000) : nil }
        var compiled = 0
        for _ in 0..<300 {
            var profile = ContainerSpec.Seccomp(defaultAction: word("SCMP_ACT_ERRNO"), defaultErrnoRet: maybe())
            profile.architectures = (0..<random.next() % 3).map { _ in word("SCMP_ARCH_X86") }
            profile.flags = (0..<random.next() % 2).map { _ in word("SECCOMP_FILTER_FLAG_LOG") }
            for _ in 0..<random.next() % 5 {
                let args = (0..<random.next() % 4).map { _ in
                    Argument(index: UInt32(random.next() % 7), value: random.next() % 4, valueTwo: random.next(), op: word("SCMP_CMP_MASKED_EQ"))
                }
                profile.syscalls.append(Rule(names: (0..<random.next() % 3).map { _ in word("personality") },
                                             action: word("SCMP_ACT_ALLOW"), errnoRet: maybe(), args: args))
            }
            if let program = try? SeccompProgram.compile(profile) {
                compiled += 1
                #expect(program.instructionCount > 0)
            }
            _ = SeccompProgram.unknownSyscalls(in: profile)
        }
        #expect(compiled > 10)
    }
}

/// A small deterministic generator (SplitMix64), so that the random profiles are the same at every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
