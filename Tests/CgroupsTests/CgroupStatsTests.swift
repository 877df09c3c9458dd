import Foundation
import Testing
import TestSupport
@testable import Cgroups

/// A folder laid out like a host's cgroup hierarchies, with the files of one container's cgroup
/// (`/mydocker/box`) written by the test.
private final class FakeCgroupHost {
    let scratch: TempDirectory
    let host: CgroupHost

    /// `hierarchies`: each mount point's name below the scratch folder, its version and its controllers.
    init(_ hierarchies: [(name: String, version: CgroupHierarchy.Version, controllers: [String])]) throws {
        let scratch = try TempDirectory()
        self.scratch = scratch
        host = CgroupHost(hierarchies: hierarchies.map { hierarchy in
            CgroupHierarchy(version: hierarchy.version, mountPoint: "\(scratch.path)/\(hierarchy.name)", controllers: hierarchy.controllers)
        })
        for directory in cgroup.directories {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    var cgroup: ContainerCgroup {
        ContainerCgroup(existing: "/mydocker/box", host: host, directories: host.hierarchies.map { $0.directory(of: "/mydocker/box") })
    }

    /// Writes `files` (name → content) into the container's directory of the hierarchy mounted at `name`.
    func write(_ name: String, _ files: [String: String]) throws {
        for (file, text) in files {
            try text.write(toFile: "\(scratch.path)/\(name)/mydocker/box/\(file)", atomically: false, encoding: .utf8)
        }
    }

    func read() -> CgroupStats { CgroupStats.read(cgroup, time: 42) }
}

/// A hybrid host as this project's build machines have: v1 controllers, and a v2 hierarchy holding none of them.
private func hybridHost() throws -> FakeCgroupHost {
    try FakeCgroupHost([
        ("cpu,cpuacct", .v1, ["cpu", "cpuacct"]), ("memory", .v1, ["memory"]), ("blkio", .v1, ["blkio"]),
        ("pids", .v1, ["pids"]), ("unified", .v2, ["hugetlb"]),
    ])
}

/// A unified host with the controllers stats reads enabled.
private func unifiedHost(controllers: [String] = ["cpu", "io", "memory", "pids"]) throws -> FakeCgroupHost {
    try FakeCgroupHost([("root", .v2, controllers)])
}

@Suite struct CgroupStatsReadTests {
    @Test func v1FilesOfAHybridHost() throws {
        let fake = try hybridHost()
        try fake.write("cpu,cpuacct", ["cpuacct.usage": "123456789\n"])
        try fake.write("memory", [
            "memory.usage_in_bytes": "10485760\n",
            "memory.limit_in_bytes": "9223372036854771712\n",
            "memory.stat": "cache 4096\ninactive_file 1024\ntotal_cache 8192\ntotal_inactive_file 2097152\n",
        ])
        try fake.write("blkio", [
            "blkio.throttle.io_service_bytes_recursive": """
            8:0 Read 1000
            8:0 Write 2000
            8:0 Sync 3000
            8:0 Async 0
            8:0 Discard 0
            8:0 Total 3000
            8:16 Read 24
            8:16 Write 48
            Total 3072

            """,
        ])
        try fake.write("pids", ["pids.current": "3\n", "pids.max": "max\n"])
        // A v2 cpu.stat beside v1 cpuacct is not read: cpuacct holds the controller.
        try fake.write("unified", ["cpu.stat": "usage_usec 999\n"])

        #expect(fake.read() == CgroupStats(
            time: 42, cpuNanoseconds: 123_456_789, memoryUsage: 10_485_760 - 2_097_152, memoryLimit: .unlimited,
            blockRead: 1024, blockWritten: 2048, pids: 3, pidsLimit: .unlimited
        ))
    }

    @Test func v1LimitsThatAreSet() throws {
        let fake = try hybridHost()
        try fake.write("memory", ["memory.usage_in_bytes": "4096", "memory.limit_in_bytes": "268435456\n"])
        try fake.write("pids", ["pids.current": "1", "pids.max": "64\n"])
        let stats = fake.read()
        #expect(stats.memoryUsage == 4096, "no memory.stat: the usage as it is")
        #expect(stats.memoryLimit == .bytes(268_435_456))
        #expect(stats.pidsLimit == .bytes(64))
    }

    @Test func v2FilesOfAUnifiedHost() throws {
        let fake = try unifiedHost()
        try fake.write("root", [
            "cpu.stat": "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n",
            "memory.current": "8388608\n",
            "memory.max": "max\n",
            "memory.stat": "anon 4194304\nfile 4194304\nactive_file 1048576\ninactive_file 3145728\n",
            "io.stat": """
            8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0
            253:0 rbytes=1 wbytes=2 rios=1 wios=1 dbytes=0 dios=0

            """,
            "pids.current": "2\n",
            "pids.max": "100\n",
        ])
        #expect(fake.read() == CgroupStats(
            time: 42, cpuNanoseconds: 2_500_000_000, memoryUsage: 8_388_608 - 3_145_728, memoryLimit: .unlimited,
            blockRead: 4097, blockWritten: 8194, pids: 2, pidsLimit: .bytes(100)
        ))
    }

    @Test func v2MemoryLimitThatIsSet() throws {
        let fake = try unifiedHost()
        try fake.write("root", ["memory.current": "100", "memory.max": "536870912\n", "memory.stat": "inactive_file 500\n"])
        let stats = fake.read()
        #expect(stats.memoryLimit == .bytes(536_870_912))
        #expect(stats.memoryUsage == 100, "an inactive_file above the usage is not taken off")
    }

    @Test func cpuTimeFromTheUnifiedHierarchyWhenNoHierarchyHoldsTheCpuController() throws {
        let fake = try FakeCgroupHost([("memory", .v1, ["memory"]), ("unified", .v2, [])])
        try fake.write("unified", ["cpu.stat": "usage_usec 7\n"])
        #expect(fake.read().cpuNanoseconds == 7000)
    }

    @Test func missingFilesAreNilNotErrors() throws {
        let fake = try hybridHost()
        try fake.write("memory", ["memory.usage_in_bytes": "4096"])
        try fake.write("pids", ["pids.current": "not a number"])
        #expect(fake.read() == CgroupStats(time: 42, memoryUsage: 4096))
        try fake.write("pids", ["pids.max": "max"])
        #expect(fake.read().pidsLimit == .unlimited)
    }

    @Test func aCgroupWhoseDirectoriesAreGoneReadsAsNothing() throws {
        let fake = try unifiedHost()
        let gone = ContainerCgroup(existing: "/gone", host: fake.host, directories: ["\(fake.scratch.path)/root/gone"])
        #expect(CgroupStats.read(gone, time: 1) == CgroupStats(time: 1))
    }

    @Test func v2ControllersNotEnabledReadAsNothing() throws {
        // memory.current and io.stat exist only where the controller is enabled; the host lists none here.
        let fake = try unifiedHost(controllers: [])
        try fake.write("root", ["memory.current": "100", "io.stat": "8:0 rbytes=1 wbytes=1", "cpu.stat": "usage_usec 1"])
        #expect(fake.read() == CgroupStats(time: 42, cpuNanoseconds: 1000))
    }
}

@Suite struct CgroupStatsParseTests {
    typealias Parse = CgroupStats.Parse

    @Test func integers() {
        #expect(Parse.integer("123\n") == 123)
        #expect(Parse.integer("  7 ") == 7)
        #expect(Parse.integer("") == nil)
        #expect(Parse.integer("-1") == nil)
        #expect(Parse.integer("max") == nil)
    }

    @Test func limits() {
        #expect(Parse.limit("max\n") == .unlimited)
        #expect(Parse.limit("1024\n") == .bytes(1024))
        #expect(Parse.limit("lots") == nil)
        #expect(Parse.v1MemoryLimit("9223372036854771712\n") == .unlimited)
        #expect(Parse.v1MemoryLimit("9223372036854775807") == .unlimited)
        #expect(Parse.v1MemoryLimit("1073741824") == .bytes(1 << 30))
        #expect(Parse.v1MemoryLimit("max") == nil)
    }

    @Test func flatKeyedFiles() {
        #expect(Parse.flatKeyed("usage_usec 10\nuser_usec 4\n\nodd line here\nneg -1\n") == ["usage_usec": 10, "user_usec": 4])
        #expect(Parse.flatKeyed("") == [:])
    }

    @Test func ioStat() {
        let parsed = Parse.ioStat("8:0 rbytes=10 wbytes=20 rios=1 wios=1 dbytes=5 dios=1\n8:16 rbytes=1 wbytes=2\n")
        #expect(parsed.read == 11 && parsed.written == 22)
        let empty = Parse.ioStat("")
        #expect(empty.read == 0 && empty.written == 0)
    }

    @Test func blkioServiceBytes() {
        let parsed = Parse.blkioServiceBytes("8:0 Read 10\n8:0 Write 20\n8:0 Total 30\n8:16 Read 5\n8:16 Write 0\nTotal 35\n")
        #expect(parsed.read == 15 && parsed.written == 20)
        let empty = Parse.blkioServiceBytes("Total 0\n")
        #expect(empty.read == 0 && empty.written == 0)
    }

    @Test func memTotal() {
        #expect(Parse.memTotal("MemTotal:       16318412 kB\nMemFree:         1000 kB\n") == 16_318_412 * 1024)
        #expect(Parse.memTotal("MemFree: 1 kB\n") == nil)
        #expect(Parse.memTotal("MemTotal: lots kB\n") == nil)
    }
}

@Suite struct CgroupStatsUsageTests {
    @Test func cpuPercentIsCpuTimeOverWallTime() {
        let second: UInt64 = 1_000_000_000
        let start = CgroupStats(time: 10 * second, cpuNanoseconds: 5 * second)
        // Two busy cores for half a second: 200%.
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 10 * second + second / 2, cpuNanoseconds: 6 * second)) == 200)
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 11 * second, cpuNanoseconds: 5 * second + second / 4)) == 25)
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 11 * second, cpuNanoseconds: 5 * second)) == 0)
    }

    @Test func cpuPercentNeedsTwoReadingsApart() {
        let start = CgroupStats(time: 100, cpuNanoseconds: 50)
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 100, cpuNanoseconds: 60)) == nil)
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 200)) == nil)
        #expect(CgroupStats.cpuPercent(from: CgroupStats(time: 100), to: CgroupStats(time: 200, cpuNanoseconds: 1)) == nil)
        #expect(CgroupStats.cpuPercent(from: start, to: CgroupStats(time: 200, cpuNanoseconds: 10)) == 0)
    }

    @Test func memoryLimitIsTheHostsMemoryWithoutALimit() {
        let gib: UInt64 = 1 << 30
        #expect(CgroupStats(time: 0, memoryLimit: .unlimited).effectiveMemoryLimit(hostMemory: 8 * gib) == 8 * gib)
        #expect(CgroupStats(time: 0, memoryLimit: .unlimited).effectiveMemoryLimit(hostMemory: nil) == nil)
        #expect(CgroupStats(time: 0, memoryLimit: .bytes(gib)).effectiveMemoryLimit(hostMemory: 8 * gib) == gib)
        #expect(CgroupStats(time: 0, memoryLimit: .bytes(64 * gib)).effectiveMemoryLimit(hostMemory: 8 * gib) == 8 * gib)
        #expect(CgroupStats(time: 0, memoryLimit: .bytes(gib)).effectiveMemoryLimit(hostMemory: nil) == gib)
        #expect(CgroupStats(time: 0).effectiveMemoryLimit(hostMemory: 8 * gib) == nil)
    }

    @Test func memoryPercent() {
        #expect(CgroupStats.memoryPercent(usage: 256, limit: 1024) == 25)
        #expect(CgroupStats.memoryPercent(usage: 256, limit: 0) == nil)
        #expect(CgroupStats.memoryPercent(usage: nil, limit: 1024) == nil)
        #expect(CgroupStats.memoryPercent(usage: 1, limit: nil) == nil)
    }

    @Test func thisHostsMemory() {
        #expect((CgroupStats.hostMemory() ?? 0) > 0)
    }
}
