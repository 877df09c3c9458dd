import Planner
import Spec
import Testing
@testable import Runtime

/// The child's half of the wire contract: every ``ChildAction`` has a ``ChildActionTag`` and comes back as it went.
@Suite struct ChildActionWireTests {
    static func encoded(_ action: ChildAction) -> [UInt8] {
        var w = WireWriter()
        w.action(action)
        return w.bytes
    }

    @Test(arguments: ChildProgramTests.everyAction)
    func eachChildActionRoundTrips(action: ChildAction) throws {
        var r = WireReader(Self.encoded(action))
        #expect(try r.action() == action)
        #expect(r.atEnd)
    }

    @Test func everyTagIsWrittenBySomeActionAndOpensItsEncoding() {
        let written = Set(ChildProgramTests.everyAction.compactMap { Self.encoded($0).first })
        #expect(written == Set(ChildActionTag.allCases.map(\.rawValue)))
    }

    @Test(arguments: [UInt8(0), UInt8(ChildActionTag.allCases.count + 1), UInt8.max])
    func anUnknownTagIsRefused(tag: UInt8) {
        var r = WireReader([tag])
        #expect(throws: WireError(message: "unknown action tag \(tag) at byte 0")) { try r.action() }
    }

    @Test func onlyTheChildStepsOfAPlanGoToTheChild() {
        let plan = makePlan(parent: [.preflight([.runningAsRoot]), .createNamespaces([.uts])],
                            child: [.waitForParent, .setHostname("box"), .exec(["/bin/true"])])
        #expect(plan.steps.compactMap(ChildStep.init) == [
            ChildStep(number: 3, action: .waitForParent),
            ChildStep(number: 4, action: .setHostname("box")),
            ChildStep(number: 5, action: .exec(["/bin/true"])),
        ])
    }
}
