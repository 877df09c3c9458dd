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

/// The hint that makes the zygote prepare a network namespace while the spec is linted.
@Suite struct NetworkHintTests {
    @Test func theWordNetworkAnywhereIsTheHint() {
        #expect(Zygote.mayCreateNetworkNamespace(Array("linux:\n  namespaces: [pid, network]\n".utf8)))
        #expect(Zygote.mayCreateNetworkNamespace(Array("network".utf8)))
        #expect(!Zygote.mayCreateNetworkNamespace(Array("linux:\n  namespaces: [pid, net, networ]\n".utf8)))
        #expect(!Zygote.mayCreateNetworkNamespace(Array("netw".utf8)))
        #expect(!Zygote.mayCreateNetworkNamespace([]))
    }
}
