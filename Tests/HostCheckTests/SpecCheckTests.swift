import TestSupport
@testable import HostCheck
@testable import LinuxSystem
@testable import mydocker
import Glibc
import Planner
import Spec
import Testing

@Suite struct CheckSpecTests {
    func plan(_ parent: [ParentAction], _ child: [ChildAction] = []) -> Plan {
        let actions = parent.map(Action.parent) + child.map(Action.child)
        let spec = ContainerSpec(process: .init(args: ["/bin/true"]))
        return Plan(spec: spec, steps: actions.enumerated().map { Step(number: $0.offset + 1, action: $0.element) })
    }

    var rootLine: String {
        geteuid() == 0
            ? "ok    preflight: running as root"
            : "fail  preflight: running as root: mydocker needs root to create namespaces, write ID maps and mount (effective uid is \(geteuid())): run it as root, for example with sudo"
    }

    @Test func aHostThatCanRunThePlan() {
        let (dir, paths) = CheckFakeHost.make()
        defer { dir.remove() }
        mkdir(dir.path + "/rootfs", 0o755)
        let host = SpecCheck.Host(loop: LoopFact(control: true, driver: true), registeredFilesystems: ["proc", "ext4"], procRoot: paths.proc)
        let lines = SpecCheck.lines(for: plan([
            .preflight([.namespaceSupported(.uts), .namespaceSupported(.pid), .rootfsExists(dir.path + "/rootfs"),
                        .namespacePathExists(.network, path: "/proc/self/ns/net")]),
            .attachLoop(mount: 1, image: "/srv/data.img", readOnly: false),
            .prepareLoopMount(mount: 1, fsType: "ext4", options: []),
        ], [
            .mount(index: 0, ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")),
            .mount(index: 1, ContainerSpec.Mount(destination: "/data", type: "bind", source: "/srv", options: ["bind"])),
        ]), host: host)
        #expect(lines.map(\.text) == [
            "ok    preflight: uts namespace supported",
            "ok    preflight: pid namespace supported",
            "ok    preflight: rootfs \(dir.path)/rootfs exists",
            "ok    preflight: /proc/self/ns/net exists (network namespace to join)",
            "ok    loop devices: /dev/loop-control present, loop driver loaded",
            "ok    file system ext4: registered in /proc/filesystems",
            "ok    file system proc: registered in /proc/filesystems",
        ])
        #expect(SpecCheck.canRun(lines))
    }

    @Test func everyReasonItCannotInApplysWords() {
        let (dir, paths) = CheckFakeHost.make()
        defer { dir.remove() }
        dir.write("file", "x")
        let host = SpecCheck.Host(loop: LoopFact(control: true, driver: false), registeredFilesystems: [], procRoot: paths.proc)
        let lines = SpecCheck.lines(for: plan([
            .preflight([.runningAsRoot, .namespaceSupported(.user), .rootfsExists(dir.path + "/nope"), .rootfsExists(dir.path + "/file"),
                        .mountSourceExists(index: 1, path: dir.path + "/missing.img"),
                        .namespacePathExists(.network, path: dir.path + "/file"),
                        .namespacePathExists(.uts, path: "/proc/self/ns/net")]),
            .attachLoop(mount: 1, image: dir.path + "/file", readOnly: false),
            .prepareLoopMount(mount: 1, fsType: "btrfs", options: []),
        ]), host: host)
        let limitFile = paths.proc + "/sys/user/max_user_namespaces"
        #expect(lines.map(\.text) == [
            rootLine,
            "fail  preflight: user namespace supported: \(limitFile) is 0, which forbids creating user namespaces: raise it as root with `echo 15000 > \(limitFile)` (or `sysctl -w user.max_user_namespaces=15000`; add it to /etc/sysctl.d/ to keep it)",
            "fail  preflight: rootfs \(dir.path)/nope exists: No such file or directory",
            "fail  preflight: rootfs \(dir.path)/file exists: Not a directory",
            "fail  preflight: source of mounts[1] \(dir.path)/missing.img exists: No such file or directory",
            "fail  preflight: \(dir.path)/file exists (network namespace to join): not a namespace file (use /proc/PID/ns/net or a bind mount of one)",
            "fail  preflight: /proc/self/ns/net exists (uts namespace to join): it is a network namespace, not a uts namespace",
            "fail  loop devices: the loop driver is not loaded: modprobe loop",
            "warn  file system btrfs: not registered in /proc/filesystems: mounting it works only if the kernel can load its module",
        ])
        #expect(!SpecCheck.canRun(lines))
    }

    @Test func aWarningAloneDoesNotStopIt() {
        let host = SpecCheck.Host(loop: LoopFact(control: true, driver: true), registeredFilesystems: ["proc"])
        let lines = SpecCheck.lines(for: plan([], [
            .mount(index: 0, ContainerSpec.Mount(destination: "/x", type: "vfat", source: "/dev/sdz1")),
        ]), host: host)
        #expect(lines.map(\.verdict) == [.warn])
        #expect(SpecCheck.canRun(lines))
    }
}
