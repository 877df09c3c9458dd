import Planner
import Spec
import Testing

@Suite("Planner: mounts, loop devices and the root file system")
struct MountOrderTests {
    @Test func privateTreeThenMountsInSpecOrderThenPivotThenReadonlyRoot() {
        let root = ContainerSpec.Root(path: "rootfs", resolvedPath: "/srv/rootfs", readonly: true)
        let plan = Planner.plan(Specs.make([.mount, .pid], mounts: [Specs.proc, Specs.bindData], root: root))
        #expect(plan.actions == [
            .parent(.preflight([
                .runningAsRoot, .namespaceSupported(.pid), .namespaceSupported(.mount),
                .rootfsExists("/srv/rootfs"), .mountSourceExists(index: 1, path: "/srv/data"),
            ])),
            .parent(.createNamespaces([.pid, .mount])),
            .parent(.createCgroup(path: nil, resources: nil)),
            .parent(.enterCgroup),
            .child(.waitForParent),
            .child(.makeMountsPrivate),
            .child(.mount(index: 0, Specs.proc)),
            .child(.mount(index: 1, Specs.bindData)),
            .child(.pivotRoot(path: "/srv/rootfs")),
            .child(.remountRootReadonly),
            .child(.setIdentity(uid: 0, gid: 0, additionalGids: [])),
            .child(.setUmask(0o022)),
            .child(.changeDirectory("/")),
            .child(.setEnvironment(["PATH=/bin"])),
            .child(.startInit),
            .child(.exec(["/bin/sh", "-c", "echo hi"])),
        ])
        #expect(plan.steps.filter { $0.action.name == "mount" }.allSatisfy { $0.actor == .child })
    }

    @Test func aWritableRootIsNotRemounted() {
        let plan = Planner.plan(Specs.make([.mount], root: Specs.rootfs))
        #expect(plan.actions.contains(.child(.pivotRoot(path: "/srv/rootfs"))))
        #expect(!plan.names.contains("remountRootReadonly"))
    }

    @Test func withoutRootThereIsNoPivotAndNoRootfsCheck() {
        let plan = Planner.plan(Specs.make([.mount], mounts: [Specs.proc]))
        #expect(!plan.names.contains("pivotRoot"))
        #expect(plan.actions.first == .parent(.preflight([.runningAsRoot, .namespaceSupported(.mount)])))
    }

    @Test func pivotUsesTheResolvedPathNotTheWrittenOne() {
        let plan = Planner.plan(Specs.make([.mount], root: ContainerSpec.Root(path: "../r", resolvedPath: "/abs/r")))
        #expect(plan.actions.contains(.child(.pivotRoot(path: "/abs/r"))))
        #expect(plan.actions.first == .parent(.preflight([.runningAsRoot, .namespaceSupported(.mount), .rootfsExists("/abs/r")])))
    }

    @Test func loopImagesAreAttachedAndPreparedByTheParentBeforeTheClone() {
        let rw = ContainerSpec.Mount(destination: "/mnt/x", type: "xfs", source: "x.img", resolvedSource: "/srv/x.img", options: ["loop"])
        let plan = Planner.plan(Specs.make([.mount, .user], mounts: [Specs.bindData, Specs.loopImage, rw],
                                           uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)]))
        #expect(Array(plan.actions.prefix(7)) == [
            .parent(.preflight([
                .runningAsRoot, .namespaceSupported(.user), .namespaceSupported(.mount),
                .mountSourceExists(index: 0, path: "/srv/data"),
                .mountSourceExists(index: 1, path: "/srv/img.ext4"),
                .mountSourceExists(index: 2, path: "/srv/x.img"),
            ])),
            .parent(.attachLoop(mount: 1, image: "/srv/img.ext4", readOnly: true)),
            .parent(.prepareLoopMount(mount: 1, fsType: "ext4", options: ["ro", "noatime"])),
            .parent(.attachLoop(mount: 2, image: "/srv/x.img", readOnly: false)),
            .parent(.prepareLoopMount(mount: 2, fsType: "xfs", options: [])),
            .parent(.createNamespaces([.user, .mount])),
            .parent(.createCgroup(path: nil, resources: nil)),
        ])
        #expect(plan.steps.prefix(7).allSatisfy { $0.actor == .parent })
        let mounts = plan.actions.filter { $0.name == "mount" }
        #expect(mounts == [.child(.mount(index: 0, Specs.bindData)), .child(.mount(index: 1, Specs.loopImage)), .child(.mount(index: 2, rw))])
    }

    @Test(arguments: [
        (["loop", "ro"], true),
        (["loop", "ro", "rw"], false),
        (["rw", "loop", "ro"], true),
        (["loop", "defaults"], false),
        (["loop", "nosuid"], false),
    ])
    func loopReadOnlyFollowsTheResolvedOptions(options: [String], readOnly: Bool) {
        let mount = ContainerSpec.Mount(destination: "/m", type: "ext4", source: "/i", options: options)
        let plan = Planner.plan(Specs.make([.mount], mounts: [mount]))
        #expect(plan.actions.contains(.parent(.attachLoop(mount: 0, image: "/i", readOnly: readOnly))))
    }

    @Test func aLoopMountWithoutATypeIsPreparedAsAuto() {
        let mount = ContainerSpec.Mount(destination: "/m", source: "/i", options: ["loop"])
        let plan = Planner.plan(Specs.make([.mount], mounts: [mount]))
        #expect(plan.actions.contains(.parent(.prepareLoopMount(mount: 0, fsType: "auto", options: []))))
    }

    @Test func onlyBindAndLoopSourcesAreCheckedInPreflight() {
        let tmpfs = ContainerSpec.Mount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["size=64m"])
        let rbind = ContainerSpec.Mount(destination: "/h", source: "/home", options: ["rbind"])
        let plan = Planner.plan(Specs.make([.mount], mounts: [tmpfs, Specs.proc, rbind]))
        #expect(plan.actions.first == .parent(.preflight([.runningAsRoot, .namespaceSupported(.mount), .mountSourceExists(index: 2, path: "/home")])))
    }

    @Test func mountsWithoutAMountNamespaceGetNoPrivateStep() {
        // Lint refuses this spec; the planner still never invents a namespace.
        let plan = Planner.plan(Specs.make([.uts], mounts: [Specs.proc]))
        #expect(!plan.names.contains("makeMountsPrivate"))
        #expect(plan.actions.contains(.child(.mount(index: 0, Specs.proc))))
    }
}
