import Spec
import Testing
@testable import Cgroups

@Suite struct CgroupHostTests {
    static let hybrid = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        42 31 0:39 /inner /mnt/bound rw,relatime - cgroup cgroup rw,pids
        """

    @Test func hybridHasV1ControllersBesideTheUnifiedHierarchy() {
        let host = CgroupHost.parse(mountinfo: Self.hybrid) { $0 == "/sys/fs/cgroup/unified" ? ["hugetlb"] : [] }
        #expect(host.layout == .hybrid)
        #expect(host.hierarchies == [
            CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/cpu", controllers: ["cpu"]),
            CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/cpu,cpuacct", controllers: ["cpu", "cpuacct"]),
            CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/memory", controllers: ["memory"]),
            CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup/unified", controllers: ["hugetlb"]),
        ])
        // Named hierarchies (name=systemd) are left to their owner; a bind mount of a subtree is not a root.
        #expect(host.hierarchy(for: "memory")?.mountPoint == "/sys/fs/cgroup/memory")
        #expect(host.hierarchy(for: "hugetlb")?.version == .v2)
        #expect(host.hierarchy(for: "pids") == nil)
    }

    @Test func unifiedAndLegacyLayouts() {
        let unified = CgroupHost.parse(mountinfo: "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n") { _ in
            ["cpuset", "cpu", "io", "memory", "pids"]
        }
        #expect(unified.layout == .unified)
        #expect(unified.hierarchy(for: "memory")?.mountPoint == "/sys/fs/cgroup")
        let legacy = CgroupHost.parse(mountinfo: "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n") { _ in [] }
        #expect(legacy.layout == .legacy)
        #expect(legacy.unified == nil)
    }

    @Test func escapedMountPointsAreRead() {
        #expect(CgroupHost.unescape("/sys/fs/cg\\040roup") == "/sys/fs/cg roup")
        #expect(CgroupHost.unescape("/a\\134b") == "/a\\b")
        #expect(CgroupHost.unescape("/plain") == "/plain")
        #expect(CgroupHost.unescape("/short\\04") == "/short\\04")
    }

    @Test func pathsAreTakenFromEachRootOrBelowOurOwnCgroup() {
        let host = CgroupHost.parse(mountinfo: Self.hybrid) { _ in [] }
        let own = CgroupPath.ownCgroups(procSelfCgroup: """
            9:name=systemd:/
            4:memory:/process_api/abc
            1:cpu:/
            0::/user.slice
            """)
        #expect(CgroupPath.directories(for: "/mydocker/box", host: host, own: own) == [
            "/sys/fs/cgroup/cpu/mydocker/box", "/sys/fs/cgroup/cpu,cpuacct/mydocker/box",
            "/sys/fs/cgroup/memory/mydocker/box", "/sys/fs/cgroup/unified/mydocker/box",
        ])
        // Relative: below this process's own cgroup in each hierarchy, as runc's fs driver reads it.
        #expect(CgroupPath.directories(for: "web/./one", host: host, own: own) == [
            "/sys/fs/cgroup/cpu/web/one", "/sys/fs/cgroup/cpu,cpuacct/web/one",
            "/sys/fs/cgroup/memory/process_api/abc/web/one", "/sys/fs/cgroup/unified/user.slice/web/one",
        ])
        #expect(CgroupPath.defaultPath(container: "box") == "/mydocker-box")
    }

    @Test func systemdsSliceFormIsRecognised() {
        #expect(CgroupPath.isSystemdForm("system.slice:docker:abc"))
        #expect(CgroupPath.isSystemdForm("machine.slice:libpod:"))
        #expect(!CgroupPath.isSystemdForm("/a:b:c"))
        #expect(!CgroupPath.isSystemdForm("web/one"))
        #expect(!CgroupPath.isSystemdForm("a:b"))
    }

    @Test func aContainerJoinsTheHierarchiesItUses() {
        let all = ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb"]
        let v1 = all.map { CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/" + $0, controllers: [$0]) }
        let unified = CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup/unified", controllers: [])
        func joined(_ host: CgroupHost, _ resources: ContainerSpec.Resources?, accounting: Bool = true,
                    ownPidNamespace: Bool = false) -> [String] {
            host.joined(for: resources, accounting: accounting, ownPidNamespace: ownPidNamespace).hierarchies.map { $0.controllers.first ?? "unified" }
        }
        let hybrid = CgroupHost(hierarchies: v1 + [unified])
        #expect(joined(hybrid, nil) == ["cpu", "cpuacct", "memory", "blkio", "pids", "unified"])
        // Without a unified hierarchy, v1's freezer freezes; a limit brings its controller along.
        let legacy = CgroupHost(hierarchies: v1)
        #expect(joined(legacy, nil) == ["cpu", "cpuacct", "memory", "freezer", "blkio", "pids"])
        // A run without a name reports no usage: only the freezer (or the unified hierarchy) and what it limits.
        #expect(joined(hybrid, nil, accounting: false) == ["unified"])
        #expect(joined(legacy, nil, accounting: false) == ["freezer"])
        let memoryPidsQuota = ContainerSpec.Resources(memory: .init(limit: 1 << 28), cpu: .init(quota: 50000, period: 100000),
                                                      pids: .init(limit: 100))
        #expect(joined(legacy, memoryPidsQuota, accounting: false) == ["cpu", "memory", "freezer", "pids"])
        // In a pid namespace of its own its processes end with its init: the freezer only when nothing else is
        // joined, so that the container still has a cgroup.
        #expect(joined(legacy, memoryPidsQuota, accounting: false, ownPidNamespace: true) == ["cpu", "memory", "pids"])
        #expect(joined(legacy, nil, accounting: false, ownPidNamespace: true) == ["freezer"])
        #expect(joined(legacy, nil, accounting: true, ownPidNamespace: true) == ["cpu", "cpuacct", "memory", "freezer", "blkio", "pids"])
        // A cpuset-only cpu section needs the cpuset hierarchy, not cpu's.
        #expect(joined(legacy, ContainerSpec.Resources(cpu: .init(cpus: "0")), accounting: false) == ["cpuset", "freezer"])
        let limits = ContainerSpec.Resources(devices: [.init(allow: false, access: "rwm")], cpu: .init(cpus: "0"),
                                             hugepageLimits: [.init(pageSize: "2MB", limit: 0)])
        #expect(joined(legacy, limits) == ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "hugetlb"])
    }
}
