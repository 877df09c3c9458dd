import CShim
import Planner
import Spec
import Testing
@testable import Runtime

/// When the parent sends the child the first part of its program before making the cgroup (``ParentSession/sendsProgramEarly``).
@Suite struct EarlyProgramTests {
    static let plain = ContainerSpec(process: .init(args: ["/bin/true"]))

    func session(_ parent: [ParentAction], spec: ContainerSpec = plain) -> ParentSession {
        ParentSession(plan: makePlan(parent: parent, child: [.waitForParent, .setHostname("box"), .exec(["/bin/true"])], spec: spec),
                      options: RunOptions())
    }

    @Test func aPlainPlanSendsItEarly() {
        #expect(session([.createNamespaces([.uts, .pid, .mount]), .createCgroup(path: nil, resources: nil), .enterCgroup]).sendsProgramEarly)
    }

    @Test func aUserNamespaceWaitsForItsMaps() {
        #expect(!session([.createNamespaces([.user, .mount]), .createCgroup(path: nil, resources: nil), .enterCgroup,
                          .setgroups(allow: true)]).sendsProgramEarly)
    }

    @Test func hooksWaitForTheWholeProgram() {
        var spec = Self.plain
        spec.hooks.createRuntime = [.init(path: "/bin/true")]
        #expect(!session([.createNamespaces([.mount]), .createCgroup(path: nil, resources: nil), .enterCgroup], spec: spec).sendsProgramEarly)
    }
}

/// The hints that make the zygote prepare namespaces while the spec is linted.
@Suite struct NamespaceHintTests {
    static func flags(_ text: String) -> Int32 { Zygote.namespacesMentioned(in: Array(text.utf8)) }

    @Test func eachKindIsNamedByItsWord() {
        #expect(Self.flags("linux:\n  namespaces: [pid, network]\n") == Int32(MD_CLONE_NEWPID) | Int32(MD_CLONE_NEWNET))
        #expect(Self.flags("network") == Int32(MD_CLONE_NEWNET))
        #expect(Self.flags("mounts: []") == Int32(MD_CLONE_NEWNS))
        #expect(Self.flags(#"{"type": "ipc"}, {"type": "uts"}"#) == Int32(MD_CLONE_NEWIPC) | Int32(MD_CLONE_NEWUTS))
        #expect(Self.flags("linux:\n  namespaces: [net, networ, mnt]\n") == 0)
        #expect(Self.flags("") == 0)
    }

    /// A user namespace must own the others, so it is made with them; cgroup and time namespaces are made later.
    @Test func neverAUserCgroupOrTimeNamespace() {
        #expect(Self.flags("namespaces: [user, cgroup, time]") == 0)
    }
}
