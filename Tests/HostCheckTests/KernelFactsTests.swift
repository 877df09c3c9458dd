import TestSupport
@testable import HostCheck
@testable import LinuxSystem
@testable import mydocker
import Glibc
import Spec
import Testing

@Suite struct CheckKernelFactsTests {
    func fakeHost() -> (StateTemporaryDirectory, HostPaths) { CheckFakeHost.make() }

    @Test func readsEveryNamespaceKind() throws {
        let (dir, paths) = fakeHost()
        defer { dir.remove() }
        let facts = KernelFacts.read(from: paths)
        #expect(facts.namespaces.map(\.kind) == NamespaceKind.allCases)
        let user = try #require(facts.namespace(.user))
        #expect(user.supported)
        #expect(user.limit == 0)
        #expect(!user.canCreate)
        #expect(user.problem == "/proc/sys/user/max_user_namespaces is 0, which forbids creating user namespaces: raise it as root with `echo 15000 > /proc/sys/user/max_user_namespaces` (or `sysctl -w user.max_user_namespaces=15000`; add it to /etc/sysctl.d/ to keep it)")
        let cgroup = try #require(facts.namespace(.cgroup))
        #expect(!cgroup.supported)
        #expect(cgroup.problem?.hasPrefix("this kernel has no cgroup namespaces (/proc/self/ns/cgroup is missing)") == true)
        #expect(facts.namespace(.uts)?.limit == 1000)
        #expect(facts.namespace(.uts)?.problem == nil)
    }

    @Test func countsDistinctNamespacesOverProcesses() {
        let (dir, paths) = fakeHost()
        defer { dir.remove() }
        let facts = KernelFacts.read(from: paths)
        #expect(facts.namespace(.network)?.inUse == 2)
        #expect(facts.namespace(.uts)?.inUse == 1)
        #expect(facts.namespace(.mount)?.inUse == 1)
    }

    @Test func loopFilesystemsAndUnprivilegedSwitch() {
        let (dir, paths) = fakeHost()
        defer { dir.remove() }
        let facts = KernelFacts.read(from: paths)
        #expect(facts.loop == LoopFact(control: true, driver: true))
        let available = facts.filesystems.filter(\.available).map(\.name)
        #expect(available == ["ext4", "xfs", "tmpfs", "proc", "sysfs", "cgroup2"])
        #expect(facts.unprivilegedUserNamespaces.maxUserNamespaces == 0)
        #expect(facts.unprivilegedUserNamespaces.problem == "forbidden for everyone by a limit of 0: echo 15000 > /proc/sys/user/max_user_namespaces")
    }

    @Test func missingLoopDriverSaysHowToLoadIt() {
        #expect(LoopFact(control: false, driver: false).problem == "the loop driver is not loaded: modprobe loop")
        #expect(LoopFact(control: false, driver: true).problem == "/dev/loop-control is missing: mknod /dev/loop-control c 10 237")
        #expect(UnprivilegedUserNamespaces(cloneSwitch: 0, apparmorRestriction: nil, maxUserNamespaces: 5).problem
            == "forbidden for users other than root: echo 1 > /proc/sys/kernel/unprivileged_userns_clone")
        #expect(UnprivilegedUserNamespaces(cloneSwitch: 1, apparmorRestriction: 1, maxUserNamespaces: 5).problem
            == "restricted by AppArmor: echo 0 > /proc/sys/kernel/apparmor_restrict_unprivileged_userns")
        #expect(UnprivilegedUserNamespaces(cloneSwitch: nil, apparmorRestriction: nil, maxUserNamespaces: 5).allowed)
    }

    @Test func reportHasOneLinePerNamespaceKind() {
        let (dir, paths) = fakeHost()
        defer { dir.remove() }
        let lines = KernelReport.text(KernelFacts.read(from: paths)).split(separator: "\n")
        #expect(lines.filter { $0.contains(" namespace ") }.count == 8)
        #expect(lines.first == "ok    namespace pid: supported, limit 1000, 1 in use")
        #expect(lines.contains("fail  namespace user: supported, /proc/sys/user/max_user_namespaces is 0, which forbids creating user namespaces: raise it as root with `echo 15000 > /proc/sys/user/max_user_namespaces` (or `sysctl -w user.max_user_namespaces=15000`; add it to /etc/sysctl.d/ to keep it), 1 in use"))
        #expect(lines.contains { $0.hasPrefix("fail  namespace cgroup: this kernel has no cgroup namespaces") })
        #expect(lines.contains("warn  file systems: ext4 xfs tmpfs proc sysfs cgroup2; not registered: devpts mqueue btrfs vfat (a module may load on first mount)"))
        #expect(lines.contains("ok    loop devices: /dev/loop-control present, loop driver loaded"))
    }

    @Test func liveHostMatchesItsProcFiles() throws {
        let facts = KernelFacts.read()
        for fact in facts.namespaces {
            let file = fact.limitFile
            let fd = open(file, O_RDONLY)
            if fd < 0 {
                #expect(fact.limit == nil)
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = read(fd, &buffer, buffer.count)
            close(fd)
            let text = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).split(separator: "\n").first.map(String.init)
            #expect(fact.limit == text.flatMap { Int($0) })
            #expect(fact.supported == (access("/proc/self/ns/\(fact.kind.procName)", F_OK) == 0))
            if fact.supported { #expect((fact.inUse ?? 0) >= 1) }
        }
    }

    @Test func liveCgroupModeAgreesWithTheMountTable() throws {
        let fd = open("/proc/self/mounts", O_RDONLY)
        try #require(fd >= 0)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        close(fd)
        var types: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 2 { types[String(fields[1])] = String(fields[2]) }
        }
        let expected: CgroupMode
        switch (types["/sys/fs/cgroup"], types["/sys/fs/cgroup/unified"]) {
        case ("cgroup2", _): expected = .v2
        case ("tmpfs", "cgroup2"): expected = .hybrid
        case ("tmpfs", _): expected = .v1
        default: expected = .none
        }
        #expect(KernelFacts.read().cgroup == expected)
    }

    @Test func jsonNamesEveryKind() {
        let (dir, paths) = fakeHost()
        defer { dir.remove() }
        let json = KernelReport.json(KernelFacts.read(from: paths)).rendered()
        for kind in NamespaceKind.allCases {
            #expect(json.contains("\"type\": \"\(kind.rawValue)\""))
        }
        #expect(json.contains("\"cgroup\": "))
    }
}
