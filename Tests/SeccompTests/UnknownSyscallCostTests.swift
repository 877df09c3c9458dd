import Glibc
@testable import Seccomp
import Spec
import Testing

/// A profile of thousands of made-up names: the nearest known name is looked for a few times, not once per name
/// through every name libseccomp knows (20,000 names took minutes).
@Suite struct UnknownSyscallCostTests {
    @Test func thousandsOfUnknownNamesCostLittle() async {
        await #expect(processExitsWith: .success) {
            // A guard far above the milliseconds it takes: SIGALRM ends the process.
            alarm(20)
            let names = (0..<20_000).map { "nosuchcall\($0)" }
            let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ALLOW",
                                                syscalls: [.init(names: names, action: "SCMP_ACT_KILL")])
            let unknown = SeccompProgram.unknownSyscalls(in: profile)
            precondition(unknown.count == 20_000)
            precondition(unknown.filter { $0.suggestion != nil }.count <= Linter.maxPerRule)
        }
    }
}
