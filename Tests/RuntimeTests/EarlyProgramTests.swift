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
