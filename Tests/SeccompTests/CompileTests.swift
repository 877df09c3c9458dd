import Glibc
import Spec
import Testing
@testable import Seccomp

typealias Rule = ContainerSpec.Seccomp.Syscall
typealias Argument = ContainerSpec.Seccomp.Argument

/// The number of `name` on the native architecture, as the filter sees it.
func number(_ name: String) throws -> UInt32 {
    UInt32(try #require(LibSeccomp.syscall(name)))
}

/// What `program` answers for call `name` on the native architecture with `arguments`.
func answer(_ program: SeccompProgram, _ name: String, _ arguments: [UInt64] = []) throws -> UInt32 {
    let call = BPFRunner.Call(number: try number(name), architecture: LibSeccomp.nativeArchitecture,
                              arguments: arguments + Array(repeating: 0, count: 6 - arguments.count))
    return try BPFRunner(program).run(call)
}

@Suite struct CompileTests {
    static let small = ContainerSpec.Seccomp(
        defaultAction: "SCMP_ACT_ALLOW",
        syscalls: [Rule(names: ["getpriority", "uname"], action: "SCMP_ACT_ERRNO", errnoRet: 77)])

    @Test func aSmallProfileCompilesToTheSameNonEmptyProgramEveryTime() throws {
        let first = try SeccompProgram.compile(Self.small)
        #expect(first.instructionCount > 4)
        #expect(first.bytes.count == first.instructionCount * 8)
        #expect(first.flags == 0)
        #expect(try SeccompProgram.compile(Self.small) == first)
        var other = Self.small
        other.syscalls[0].errnoRet = 78
        #expect(try SeccompProgram.compile(other) != first)
    }

    @Test func rulesAndTheDefaultActionDecideEachCall() throws {
        let program = try SeccompProgram.compile(Self.small)
        #expect(try number("getpriority") == 140, "x86_64's number, as in the kernel's table")
        #expect(try answer(program, "getpriority") == Action.errno(77))
        #expect(try answer(program, "uname") == Action.errno(77))
        #expect(try answer(program, "getpid") == Action.allow)
    }

    @Test(arguments: [
        ("SCMP_ACT_KILL", nil, Action.killThread), ("SCMP_ACT_KILL_THREAD", nil, Action.killThread),
        ("SCMP_ACT_KILL_PROCESS", nil, Action.killProcess), ("SCMP_ACT_TRAP", nil, Action.trap),
        ("SCMP_ACT_ERRNO", nil, Action.errno(UInt32(EPERM))), ("SCMP_ACT_ERRNO", 5, Action.errno(5)),
        ("SCMP_ACT_TRACE", nil, Action.trace(UInt32(EPERM))), ("SCMP_ACT_TRACE", 9, Action.trace(9)),
        ("SCMP_ACT_LOG", nil, Action.log),
    ] as [(String, UInt32?, UInt32)])
    func eachActionHasLibseccompsValue(name: String, errnoRet: UInt32?, value: UInt32) throws {
        let asRule = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["uname"], action: name, errnoRet: errnoRet)])
        #expect(try answer(SeccompProgram.compile(asRule), "uname") == value)
        let asDefault = ContainerSpec.Seccomp(defaultAction: name, defaultErrnoRet: errnoRet, syscalls: [Rule(names: ["exit"], action: "SCMP_ACT_ALLOW")])
        #expect(try answer(SeccompProgram.compile(asDefault), "uname") == value)
    }

    @Test func aRuleWithTheDefaultActionIsLeftOut() throws {
        var same = Self.small
        same.syscalls.append(Rule(names: ["getpid"], action: "SCMP_ACT_ALLOW"))
        #expect(try SeccompProgram.compile(same) == SeccompProgram.compile(Self.small))
    }

    @Test func unknownNamesAreSkippedAndListedForLint() throws {
        var profile = Self.small
        profile.syscalls.append(Rule(names: ["opnat", "no_such_call_at_all"], action: "SCMP_ACT_KILL"))
        profile.syscalls.append(Rule(names: ["getpid", "getpriorty", "uname\u{0}x"], action: "SCMP_ACT_ERRNO", errnoRet: 3))
        let program = try SeccompProgram.compile(profile)
        #expect(try answer(program, "getpid") == Action.errno(3))
        #expect(try answer(program, "openat") == Action.allow)
        var without = Self.small
        without.syscalls.append(Rule(names: ["getpid"], action: "SCMP_ACT_ERRNO", errnoRet: 3))
        #expect(try SeccompProgram.compile(without) == program)

        let unknown = SeccompProgram.unknownSyscalls(in: profile)
        #expect(unknown == [
            UnknownSyscall(rule: 1, index: 0, name: "opnat", suggestion: "openat"),
            UnknownSyscall(rule: 1, index: 1, name: "no_such_call_at_all"),
            UnknownSyscall(rule: 2, index: 1, name: "getpriorty", suggestion: "getpriority"),
            UnknownSyscall(rule: 2, index: 2, name: "uname\u{0}x", suggestion: "uname"),
        ])
        #expect(unknown[0].pointer == "/linux/seccomp/syscalls/1/names/0")
        #expect(unknown[0].description == "`opnat` is not a system call libseccomp \(LibSeccomp.version) knows: the filter leaves it out; did you mean `openat`?")
        #expect(SeccompProgram.unknownSyscalls(in: Self.small) == [])
    }

    @Test func aNameKnownOnAnotherArchitectureIsNotUnknown() {
        // socketcall is a call on x86 only; libseccomp knows it everywhere (with a pseudo number on x86_64).
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["socketcall"], action: "SCMP_ACT_KILL")])
        #expect(SeccompProgram.unknownSyscalls(in: profile) == [])
    }

    @Test func conditionsOnDifferentArgumentsMustAllHold() throws {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ERRNO", syscalls: [
            Rule(names: ["personality"], action: "SCMP_ACT_ALLOW", args: [
                Argument(index: 0, value: 8, op: "SCMP_CMP_EQ"), Argument(index: 1, value: 2, op: "SCMP_CMP_GE"),
            ])
        ])
        let program = try SeccompProgram.compile(profile)
        #expect(try answer(program, "personality", [8, 2]) == Action.allow)
        #expect(try answer(program, "personality", [8, 9]) == Action.allow)
        #expect(try answer(program, "personality", [8, 1]) == Action.errno(UInt32(EPERM)))
        #expect(try answer(program, "personality", [7, 2]) == Action.errno(UInt32(EPERM)))
    }

    @Test func conditionsOnTheSameArgumentBecomeRulesOfTheirOwn() throws {
        // As runc: each condition is a rule, so any one of them lets the call through.
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ERRNO", syscalls: [
            Rule(names: ["personality"], action: "SCMP_ACT_ALLOW", args: [
                Argument(index: 0, value: 0, op: "SCMP_CMP_EQ"), Argument(index: 0, value: 8, op: "SCMP_CMP_EQ"),
            ])
        ])
        let program = try SeccompProgram.compile(profile)
        #expect(try answer(program, "personality", [0]) == Action.allow)
        #expect(try answer(program, "personality", [8]) == Action.allow)
        #expect(try answer(program, "personality", [4]) == Action.errno(UInt32(EPERM)))
    }

    @Test func everyOperatorComparesAs64Bits() throws {
        let cases: [(String, UInt64, UInt64, [UInt64: Bool])] = [
            ("SCMP_CMP_NE", 5, 0, [5: false, 6: true, 1 << 32 | 5: true]),
            ("SCMP_CMP_LT", 5, 0, [4: true, 5: false, 1 << 40: false]),
            ("SCMP_CMP_LE", 5, 0, [5: true, 6: false]),
            ("SCMP_CMP_EQ", 1 << 33, 0, [1 << 33: true, 0: false]),
            ("SCMP_CMP_GE", 5, 0, [5: true, 4: false, 1 << 40: true]),
            ("SCMP_CMP_GT", 5, 0, [5: false, 6: true]),
            // value is the mask, valueTwo what the masked argument must equal
            ("SCMP_CMP_MASKED_EQ", 0xf0, 0x20, [0x2f: true, 0x3f: false, 0x120: true]),
        ]
        for (op, value, valueTwo, expectations) in cases {
            let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [
                Rule(names: ["personality"], action: "SCMP_ACT_ERRNO", errnoRet: 99, args: [Argument(index: 2, value: value, valueTwo: valueTwo, op: op)])
            ])
            let program = try SeccompProgram.compile(profile)
            for (argument, blocked) in expectations {
                #expect(try answer(program, "personality", [0, 0, argument]) == (blocked ? Action.errno(99) : Action.allow), "\(op) \(argument)")
            }
        }
    }

    @Test func listedArchitecturesAreFilteredAndOthersKilled() throws {
        var profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["getpriority"], action: "SCMP_ACT_ERRNO", errnoRet: 77)])
        let getpriorityOnI386: UInt32 = 96
        let nativeOnly = BPFRunner(try SeccompProgram.compile(profile))
        #expect(try nativeOnly.run(.init(number: getpriorityOnI386, architecture: AuditArch.i386)) == Action.killThread)

        profile.architectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X86"]
        let withX86 = BPFRunner(try SeccompProgram.compile(profile))
        #expect(try withX86.run(.init(number: getpriorityOnI386, architecture: AuditArch.i386)) == Action.errno(77))
        #expect(try withX86.run(.init(number: 20, architecture: AuditArch.i386)) == Action.allow)  // getpid
        #expect(try withX86.run(.init(number: 140, architecture: AuditArch.x86_64)) == Action.errno(77))
        #expect(try withX86.run(.init(number: getpriorityOnI386, architecture: AuditArch.aarch64)) == Action.killThread)
    }

    @Test func flagsAreKeptForSeccomp() throws {
        var profile = Self.small
        profile.flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"]
        let program = try SeccompProgram.compile(profile)
        #expect(program.flags == 7)
        #expect(program.bytes == (try SeccompProgram.compile(Self.small)).bytes)
    }

    @Test func thePodmanProfileCompilesWithinTheKernelsLimit() throws {
        guard let podman = try PeerProfile.seccomp(config: PeerProfile.podmanConfig) else { return }
        let program = try SeccompProgram.compile(podman)
        #expect(program.instructionCount <= SeccompProgram.maximumInstructions)
        #expect(SeccompProgram.unknownSyscalls(in: podman) == [])
        // Its default answer is ENOSYS; what it allows is allowed and what it refuses gets its errno.
        #expect(try answer(program, "read") == Action.allow)
        #expect(try answer(program, "kexec_file_load") == Action.errno(UInt32(EPERM)))
        #expect(try answer(program, "create_module") == Action.errno(UInt32(ENOSYS)))
        #expect(try answer(program, "personality", [8]) == Action.allow)
        #expect(try answer(program, "personality", [1]) == Action.errno(UInt32(ENOSYS)))
    }
}
