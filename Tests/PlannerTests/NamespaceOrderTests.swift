import Planner
import Spec
import Testing

@Suite("Planner: namespaces, ID maps and time offsets")
struct NamespaceOrderTests {
    @Test func utsOnlyIsTheWholePlan() {
        let plan = Planner.plan(Specs.make([.uts], hostname: "box"))
        #expect(plan.actions == [
            .parent(.preflight([.runningAsRoot, .namespaceSupported(.uts)])),
            .parent(.createNamespaces([.uts])),
            .parent(.createCgroup(path: nil, resources: nil)),
            .parent(.enterCgroup),
            .child(.waitForParent),
            .child(.setHostname("box")),
            .child(.setIdentity(uid: 0, gid: 0, additionalGids: [])),
            .child(.setUmask(0o022)),
            .child(.changeDirectory("/")),
            .child(.setEnvironment(["PATH=/bin"])),
            .child(.exec(["/bin/sh", "-c", "echo hi"])),
        ])
        #expect(plan.steps.map(\.actor) == Array(repeating: .parent, count: 4) + Array(repeating: .child, count: 7))
    }

    @Test func allEightNamespacesAreClonedInTheCanonicalOrder() {
        let spec = Specs.make([.time, .mount, .pid, .network, .uts, .ipc, .cgroup, .user],
                              uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)],
                              gidMappings: [.init(containerID: 0, hostID: 1000, size: 1)])
        let plan = Planner.plan(spec)
        let canonical: [NamespaceKind] = [.user, .cgroup, .ipc, .uts, .network, .pid, .time, .mount]
        #expect(Planner.namespaceOrder == canonical)
        // The cgroup namespace is unshared by the child once it is in the container's cgroup.
        #expect(plan.actions.contains(.parent(.createNamespaces(canonical.filter { $0 != .cgroup }))))
        #expect(plan.actions.first == .parent(.preflight([.runningAsRoot] + canonical.map { .namespaceSupported($0) })))
        #expect(plan.names == [
            "preflight", "createNamespaces", "createCgroup", "enterCgroup", "setgroups", "writeUIDMap", "writeGIDMap",
            "waitForParent", "unshareCgroupNamespace", "makeMountsPrivate", "setIdentity", "setUmask", "changeDirectory",
            "setEnvironment", "startInit", "exec",
        ])
    }

    @Test func noNamespacesStillClonesTheChild() {
        let plan = Planner.plan(Specs.make())
        #expect(plan.actions.prefix(4) == [
            .parent(.preflight([.runningAsRoot])), .parent(.createNamespaces([])), .parent(.createCgroup(path: nil, resources: nil)),
            .parent(.enterCgroup),
        ])
        #expect(!plan.names.contains("makeMountsPrivate"))
        #expect(!plan.names.contains("unshareCgroupNamespace"))
    }

    @Test func userNamespaceMapsAreWrittenByTheParentAfterCloneWithSetgroupsFirst() {
        let uid = [ContainerSpec.IDMapping(containerID: 100, hostID: 200, size: 1)]
        let gid = [ContainerSpec.IDMapping(containerID: 100, hostID: 200, size: 1), .init(containerID: 0, hostID: 300, size: 10)]
        let plan = Planner.plan(Specs.make([.user, .uts], user: .init(uid: 100, gid: 100), uidMappings: uid, gidMappings: gid))
        #expect(Array(plan.actions.prefix(8)) == [
            .parent(.preflight([.runningAsRoot, .namespaceSupported(.user), .namespaceSupported(.uts)])),
            .parent(.createNamespaces([.user, .uts])),
            .parent(.createCgroup(path: nil, resources: nil)),
            .parent(.enterCgroup),
            .parent(.setgroups(allow: true)),
            .parent(.writeUIDMap(uid)),
            .parent(.writeGIDMap(gid)),
            .child(.waitForParent),
        ])
        #expect(plan.steps.prefix(7).allSatisfy { $0.actor == .parent })
        #expect(plan.actions.contains(.child(.setIdentity(uid: 100, gid: 100, additionalGids: []))))
    }

    @Test func userNamespaceWithoutMappingsWritesNoEmptyMap() {
        let plan = Planner.plan(Specs.make([.user]))
        #expect(plan.names.contains("setgroups"))
        #expect(!plan.names.contains("writeUIDMap"))
        #expect(!plan.names.contains("writeGIDMap"))
    }

    @Test func mappingsWithoutAUserNamespaceAreNotWritten() {
        let plan = Planner.plan(Specs.make([.uts], uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)]))
        #expect(!plan.names.contains("setgroups"))
        #expect(!plan.names.contains("writeUIDMap"))
    }

    @Test func joinedNamespacesAreEnteredBeforeTheCloneUserFirstMountLast() {
        let spec = Specs.make([.uts], joined: [(.mount, "/proc/9/ns/mnt"), (.network, "/run/netns/a"), (.user, "/proc/9/ns/user")])
        let plan = Planner.plan(spec)
        #expect(Array(plan.actions.prefix(6)) == [
            .parent(.preflight([
                .runningAsRoot, .namespaceSupported(.uts),
                .namespacePathExists(.user, path: "/proc/9/ns/user"),
                .namespacePathExists(.network, path: "/run/netns/a"),
                .namespacePathExists(.mount, path: "/proc/9/ns/mnt"),
            ])),
            .parent(.joinNamespace(.user, path: "/proc/9/ns/user")),
            .parent(.joinNamespace(.network, path: "/run/netns/a")),
            .parent(.joinNamespace(.mount, path: "/proc/9/ns/mnt")),
            .parent(.createNamespaces([.uts])),
            .parent(.createCgroup(path: nil, resources: nil)),
        ])
        #expect(plan.steps.prefix(6).allSatisfy { $0.actor == .parent })
    }

    @Test func joinedUserAndMountNamespacesGetNoMapsAndNoPrivateTree() {
        let spec = Specs.make([], joined: [(.user, "/proc/9/ns/user"), (.mount, "/proc/9/ns/mnt"), (.pid, "/proc/9/ns/pid")],
                              uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)])
        let plan = Planner.plan(spec)
        #expect(!plan.names.contains("setgroups"))
        #expect(!plan.names.contains("writeUIDMap"))
        #expect(!plan.names.contains("makeMountsPrivate"))
        #expect(!plan.names.contains("startInit"))
        #expect(plan.actions.contains(.parent(.createNamespaces([]))))
    }

    @Test func timeOffsetsAreWrittenByTheChildWhichUnsharesTheTimeNamespaceItself() {
        let offsets = ContainerSpec.TimeOffsets(monotonic: .init(secs: 86400), boottime: .init(secs: -5, nanosecs: 7))
        let plan = Planner.plan(Specs.make([.time, .uts], hostname: "box", timeOffsets: offsets))
        #expect(plan.actions == [
            .parent(.preflight([.runningAsRoot, .namespaceSupported(.uts), .namespaceSupported(.time)])),
            .parent(.createNamespaces([.uts])),
            .parent(.createCgroup(path: nil, resources: nil)),
            .parent(.enterCgroup),
            .child(.waitForParent),
            .child(.writeTimeOffsets(offsets)),
            .child(.setHostname("box")),
            .child(.setIdentity(uid: 0, gid: 0, additionalGids: [])),
            .child(.setUmask(0o022)),
            .child(.changeDirectory("/")),
            .child(.setEnvironment(["PATH=/bin"])),
            .child(.exec(["/bin/sh", "-c", "echo hi"])),
        ])
        #expect(plan.actor(of: "writeTimeOffsets") == .child)
    }

    @Test func aTimeNamespaceWithoutOffsetsIsCloned() {
        let plan = Planner.plan(Specs.make([.time]))
        #expect(plan.actions.contains(.parent(.createNamespaces([.time]))))
        #expect(!plan.names.contains("writeTimeOffsets"))
        let empty = Planner.plan(Specs.make([.time], timeOffsets: .init()))
        #expect(empty.actions.contains(.parent(.createNamespaces([.time]))))
        #expect(!empty.names.contains("writeTimeOffsets"))
    }

    @Test func timeOffsetsWithoutATimeNamespaceAreNotWritten() {
        let plan = Planner.plan(Specs.make([.uts], timeOffsets: .init(monotonic: .init(secs: 10))))
        #expect(!plan.names.contains("writeTimeOffsets"))
        let joined = Planner.plan(Specs.make([], joined: [(.time, "/proc/9/ns/time")], timeOffsets: .init(monotonic: .init(secs: 10))))
        #expect(!joined.names.contains("writeTimeOffsets"))
        #expect(joined.actions.contains(.parent(.joinNamespace(.time, path: "/proc/9/ns/time"))))
    }

    @Test func hostnameThenDomainnameRightAfterTheWait() {
        let plan = Planner.plan(Specs.make([.uts, .mount], hostname: "box", domainname: "example.org"))
        #expect(Array(plan.actions[4...7]) == [.child(.waitForParent), .child(.setHostname("box")), .child(.setDomainname("example.org")), .child(.makeMountsPrivate)])
    }

    @Test func aDuplicatedNamespaceKindIsCreatedOnce() {
        let plan = Planner.plan(Specs.make([.uts, .uts]))
        #expect(plan.actions.prefix(3) == [
            .parent(.preflight([.runningAsRoot, .namespaceSupported(.uts)])), .parent(.createNamespaces([.uts])),
            .parent(.createCgroup(path: nil, resources: nil)),
        ])
    }

    @Test func aCgroupNamespaceIsUnsharedByTheChildInsideTheContainersCgroup() {
        let plan = Planner.plan(Specs.make([.cgroup, .uts]))
        #expect(plan.actions.contains(.parent(.createNamespaces([.uts]))))
        #expect(Array(plan.actions[1...5]) == [
            .parent(.createNamespaces([.uts])), .parent(.createCgroup(path: nil, resources: nil)), .parent(.enterCgroup),
            .child(.waitForParent), .child(.unshareCgroupNamespace),
        ])
        // Joining an existing cgroup namespace is a join like any other.
        let joined = Planner.plan(Specs.make([], joined: [(.cgroup, "/proc/9/ns/cgroup")]))
        #expect(!joined.names.contains("unshareCgroupNamespace"))
        #expect(joined.actions.contains(.parent(.joinNamespace(.cgroup, path: "/proc/9/ns/cgroup"))))
    }
}
