import Spec
import Testing
@testable import Cgroups

@Suite struct ResourceWritesTests {
    typealias R = ContainerSpec.Resources

    static let rich = R(
        memory: .init(limit: 268_435_456, reservation: 134_217_728, swap: 536_870_912),
        cpu: .init(shares: 1024, quota: 50000, period: 100_000, cpus: "0-1", mems: "0"),
        pids: .init(limit: 100),
        blockIO: .init(weight: 500, throttleReadBpsDevice: [.init(major: 8, minor: 0, rate: 1_048_576)],
                       throttleWriteIOPSDevice: [.init(major: 8, minor: 0, rate: 100)]),
        hugepageLimits: [.init(pageSize: "2MB", limit: 4_194_304)],
        unified: ["memory.high": "200000000"]
    )

    @Test func v1FilesAsRuncWritesThem() {
        let entries = ResourceWrites.v1Entries(Self.rich)
        let writes = entries.compactMap { if case let .write(w) = $0 { w.description } else { nil } }
        #expect(writes == [
            "memory.limit_in_bytes=268435456", "memory.memsw.limit_in_bytes=536870912", "memory.soft_limit_in_bytes=134217728",
            "cpu.shares=1024", "cpu.cfs_period_us=100000", "cpu.cfs_quota_us=50000", "cpuset.cpus=0-1", "cpuset.mems=0",
            "pids.max=100", "blkio.weight=500", "blkio.throttle.read_bps_device=8:0 1048576",
            "blkio.throttle.write_iops_device=8:0 100", "hugetlb.2MB.limit_in_bytes=4194304",
        ])
        // A cgroup v2 key has no v1 file: it names itself.
        #expect(throws: ResourceWrites.Unsupported(key: "linux.resources.unified.memory.high",
                                                   reason: "a cgroup v2 key, and this controller is on cgroup v1 here")) {
            _ = try ResourceWrites.v1(Self.rich)
        }
    }

    @Test func v2FilesAsCrunWritesThem() throws {
        let writes = try ResourceWrites.v2(Self.rich).map(\.description)
        #expect(writes == [
            "memory.max=268435456", "memory.low=134217728", "memory.swap.max=268435456",
            "cpu.weight=39", "cpu.max=50000 100000", "cpuset.cpus=0-1", "cpuset.mems=0",
            "pids.max=100", "io.weight=4950", "io.max=8:0 rbps=1048576 wiops=100",
            "hugetlb.2MB.max=4194304", "memory.high=200000000",
        ])
        #expect(try ResourceWrites.v2(Self.rich).map(\.key).first == "linux.resources.memory.limit")
    }

    @Test func unlimitedValuesAreMax() throws {
        let r = R(memory: .init(limit: -1, swap: -1), cpu: .init(quota: -1), pids: .init(limit: 0))
        #expect(try ResourceWrites.v2(r).map(\.description) == ["memory.max=max", "memory.swap.max=max", "cpu.max=max 100000", "pids.max=max"])
        #expect(try ResourceWrites.v1(r).map(\.description) == [
            "memory.limit_in_bytes=-1", "memory.memsw.limit_in_bytes=-1", "cpu.cfs_quota_us=-1", "pids.max=max",
        ])
    }

    @Test(arguments: [
        (R(memory: .init(swappiness: 10)), "linux.resources.memory.swappiness"),
        (R(memory: .init(disableOOMKiller: true)), "linux.resources.memory.disableOOMKiller"),
        (R(cpu: .init(realtimeRuntime: 950)), "linux.resources.cpu.realtimeRuntime"),
        (R(network: .init(classID: 7)), "linux.resources.network.classID"),
        (R(memory: .init(swap: 100)), "linux.resources.memory.swap"),
    ])
    func whatV2CannotExpressNamesItsKey(resources: R, key: String) {
        #expect(throws: ResourceWrites.Unsupported.self) { _ = try ResourceWrites.v2(resources) }
        let unsupported = ResourceWrites.v2Entries(resources).compactMap { if case let .unsupported(_, u) = $0 { u.key } else { nil } }
        #expect(unsupported == [key])
    }

    @Test func weightConversionsMatchRuncs() {
        #expect(ResourceWrites.cpuWeight(shares: 2) == 1)
        #expect(ResourceWrites.cpuWeight(shares: 1024) == 39)
        #expect(ResourceWrites.cpuWeight(shares: 262_144) == 10000)
        #expect(ResourceWrites.ioWeight(blkio: 10) == 1)
        #expect(ResourceWrites.ioWeight(blkio: 1000) == 10000)
    }
}
