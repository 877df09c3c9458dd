import Executor
import Planner
import Spec
import Testing

@Suite struct CheckSpecTests {
    static let facts = KernelFacts(
        namespaces: NamespaceKind.allCases.map { kind in
            NamespaceFact(kind: kind, supported: kind != .time, limit: kind == .user ? 0 : 500, inUse: 3, suggestedLimit: 500)
        },
        loop: LoopFact(control: true, driver: false),
        filesystems: [],
        cgroup: .v2,
        unprivilegedUserNamespaces: UnprivilegedUserNamespaces(cloneSwitch: nil, apparmorRestriction: nil, maxUserNamespaces: 0)
    )

    func host(root: Bool = true) -> SpecCheck.Host {
        SpecCheck.Host(
            facts: Self.facts, isRoot: root, registeredFilesystems: ["proc", "ext4"],
            fileKind: { path in
                switch path {
                case "/srv/rootfs", "/proc/1/ns/net": true
                case "/srv/data.img", "/etc/hostname": false
                default: nil
                }
            },
            fsMagic: { $0 == "/proc/1/ns/net" ? 0x6e73_6673 : 0xEF53 }
        )
    }

    func plan(_ actions: [Action]) -> Plan {
        Plan(spec: ContainerSpec(process: .init(args: ["/bin/true"])),
             steps: actions.enumerated().map { Step(number: $0.offset + 1, actor: .parent, action: $0.element) })
    }

    @Test func aHostThatCanRunThePlan() {
        let lines = SpecCheck.lines(for: plan([
            .preflight([.runningAsRoot, .namespaceSupported(.uts), .namespaceSupported(.pid), .rootfsExists("/srv/rootfs"),
                        .namespacePathExists(.network, path: "/proc/1/ns/net")]),
            .mount(index: 0, ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")),
            .mount(index: 1, ContainerSpec.Mount(destination: "/data", type: "bind", source: "/srv", options: ["bind"])),
        ]), host: host())
        #expect(lines.map(\.text) == [
            "ok    privilege: running as root",
            "ok    namespace uts: supported, limit 500, 3 in use",
            "ok    namespace pid: supported, limit 500, 3 in use",
            "ok    rootfs: /srv/rootfs exists",
            "ok    join net namespace: /proc/1/ns/net is a namespace file",
            "ok    file system proc: registered in /proc/filesystems",
        ])
        #expect(SpecCheck.canRun(lines))
    }

    @Test func everyReasonItCannot() {
        let lines = SpecCheck.lines(for: plan([
            .preflight([.runningAsRoot, .namespaceSupported(.user), .namespaceSupported(.time), .rootfsExists("/nope"),
                        .rootfsExists("/etc/hostname"), .mountSourceExists(index: 1, path: "/missing.img"),
                        .namespacePathExists(.network, path: "/etc/hostname")]),
            .attachLoop(mount: 1, image: "/srv/data.img", readOnly: false),
            .prepareLoopMount(mount: 1, fsType: "btrfs", options: []),
        ]), host: host(root: false))
        #expect(lines.map(\.text) == [
            "fail  privilege: apply must run as root (it creates namespaces, writes ID maps and mounts): run it with sudo",
            "fail  namespace user: supported, creating any is forbidden by a limit of 0: echo 500 > /proc/sys/user/max_user_namespaces, 3 in use",
            "fail  namespace time: not supported by this kernel (no /proc/self/ns/time), 3 in use",
            "fail  rootfs: /nope does not exist",
            "fail  rootfs: /etc/hostname is not a directory",
            "fail  mount 2 source: /missing.img does not exist",
            "fail  join net namespace: /etc/hostname is not a namespace file (like /proc/PID/ns/net)",
            "fail  loop devices: the loop driver is not loaded: modprobe loop",
            "warn  file system btrfs: not registered in /proc/filesystems: mounting it works only if the kernel can load its module",
        ])
        #expect(!SpecCheck.canRun(lines))
    }

    @Test func aWarningAloneDoesNotStopIt() {
        let lines = SpecCheck.lines(for: plan([
            .mount(index: 0, ContainerSpec.Mount(destination: "/x", type: "vfat", source: "/dev/sdz1")),
        ]), host: host())
        #expect(lines.map(\.verdict) == [.warn])
        #expect(SpecCheck.canRun(lines))
    }
}
