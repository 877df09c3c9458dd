import Glibc
import Planner
import Spec
import Testing
@testable import Executor

/// Plans built in code, run for real with the built binary as the child (no planner, no spec file, no rootfs:
/// the container sees the host's file system, as in the seed).
@Suite(.enabled(if: isRoot, "needs root: creates namespaces and writes ID maps"))
struct ExecutorRunTests {
    static let identity = Action.setIdentity(uid: 0, gid: 0, additionalGids: [])

    @Test func hostnameChangesInsideOnly() {
        let before = HostSnapshot()
        let plan = makePlan(parent: [.createNamespaces([.uts])],
                            child: [.waitForParent, .setHostname("box"), Self.identity, .exec(["/bin/hostname"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.status == 0)
        #expect(result.stdout == "box\n")
        #expect(HostSnapshot() == before)
    }
}
