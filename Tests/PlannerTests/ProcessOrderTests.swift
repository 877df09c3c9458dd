import Planner
import Spec
import Testing

@Suite("Planner: terminal, init, exec and numbering")
struct ProcessOrderTests {
    @Test func terminalIsAllocatedAfterLoopDevicesAndBeforeJoinsAndClone() {
        let spec = Specs.make([.uts, .mount], joined: [(.network, "/run/netns/a")], mounts: [Specs.loopImage], terminal: true)
        let plan = Planner.plan(spec)
        #expect(Array(plan.names.prefix(8)) == [
            "preflight", "attachLoop", "prepareLoopMount", "allocateTerminal", "joinNamespace", "createNamespaces",
            "createCgroup", "enterCgroup",
        ])
        #expect(plan.actor(of: "allocateTerminal") == .parent)
    }

    @Test func noTerminalUnlessAsked() {
        #expect(!Planner.plan(Specs.make([.uts])).names.contains("allocateTerminal"))
    }

    @Test func initRunsRightBeforeExecInANewPidNamespace() {
        let plan = Planner.plan(Specs.make([.pid]))
        #expect(plan.names.suffix(2) == ["startInit", "exec"])
        #expect(plan.actor(of: "startInit") == .child)
    }

    @Test func theOCICommandsRunTheProcessItselfUnlessTheSpecAsksForTheInit() {
        #expect(Planner.plan(Specs.make([.pid]), init: .onRequest).names.suffix(2) == ["setEnvironment", "exec"])
        let asked = Planner.plan(Specs.make([.pid], annotations: [Planner.initAnnotation: "true"]), init: .onRequest)
        #expect(asked.names.suffix(2) == ["startInit", "exec"])
        let other = Planner.plan(Specs.make([.pid], annotations: [Planner.initAnnotation: "yes"]), init: .onRequest)
        #expect(!other.names.contains("startInit"))
        #expect(!Planner.plan(Specs.make([.uts], annotations: [Planner.initAnnotation: "true"]), init: .onRequest).names.contains("startInit"))
    }

    @Test(arguments: ["true", "yes", ""])
    func initStaysForAnyAnnotationButFalse(value: String) {
        let plan = Planner.plan(Specs.make([.pid], annotations: [Planner.initAnnotation: value]))
        #expect(plan.names.contains("startInit"))
    }

    @Test func annotationFalseTurnsInitOff() {
        let plan = Planner.plan(Specs.make([.pid], annotations: ["org.mydocker.init": "false"]))
        #expect(!plan.names.contains("startInit"))
        #expect(plan.names.last == "exec")
    }

    @Test func noInitWithoutAPidNamespace() {
        #expect(!Planner.plan(Specs.make([.uts, .mount, .ipc])).names.contains("startInit"))
        #expect(!Planner.plan(Specs.make([], joined: [(.pid, "/proc/9/ns/pid")])).names.contains("startInit"))
    }

    @Test func identityCwdAndEnvironmentComeFromTheProcess() {
        var spec = Specs.make([.pid], user: .init(uid: 1000, gid: 100, additionalGids: [10, 20]))
        spec.process.cwd = "/work"
        spec.process.env = ["A=1", "B=two words"]
        let plan = Planner.plan(spec)
        #expect(Array(plan.actions.suffix(6)) == [
            .child(.setIdentity(uid: 1000, gid: 100, additionalGids: [10, 20])),
            .child(.setUmask(0o022)),
            .child(.changeDirectory("/work")),
            .child(.setEnvironment(["A=1", "B=two words"])),
            .child(.startInit),
            .child(.exec(["/bin/sh", "-c", "echo hi"])),
        ])
    }

    static let specs: [ContainerSpec] = [
        Specs.make(),
        Specs.make([.uts], hostname: "box"),
        Specs.make([.user, .mount, .pid, .time], mounts: [Specs.loopImage, Specs.proc], root: Specs.rootfs, terminal: true,
                   uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)], timeOffsets: .init(monotonic: .init(secs: 1))),
        Specs.make([.ipc], joined: [(.user, "/proc/1/ns/user")], annotations: ["org.mydocker.init": "false"]),
    ]

    @Test(arguments: specs)
    func stepsAreNumberedFromOneWithParentBeforeChildAndExecLast(spec: ContainerSpec) {
        let plan = Planner.plan(spec)
        #expect(plan.steps.map(\.number) == Array(1...plan.steps.count))
        let actors = plan.steps.map(\.actor)
        #expect(actors == actors.sorted { $0 == .parent && $1 == .child })
        #expect(plan.steps.first?.action.name == "preflight")
        #expect(plan.steps.first { $0.actor == .child }?.action == .child(.waitForParent))
        #expect(plan.steps.last?.action == .child(.exec(["/bin/sh", "-c", "echo hi"])))
        #expect(plan.spec == spec)
        #expect(plan.parentSteps + plan.childSteps == plan.steps)
        #expect(plan.childSteps.first?.action == .child(.waitForParent))
    }

    @Test func planningIsRepeatable() {
        let spec = Self.specs[2]
        #expect(Planner.plan(spec) == Planner.plan(spec))
    }
}
