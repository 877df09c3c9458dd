import Glibc
import LinuxSystem

/// One reading of a container's cgroup, as `mydocker stats` shows it: cpu time, memory, block I/O and pids, each
/// from whichever hierarchy holds its controller (v1 or v2). A value whose file is missing or unreadable is nil.
public struct CgroupStats: Sendable, Equatable {
    /// A limit file's value: a number, or none (`max` on v2, a value no memory can reach on v1).
    public enum Limit: Sendable, Equatable {
        case bytes(UInt64)
        case unlimited
    }

    /// When it was read: CLOCK_MONOTONIC, in nanoseconds. CPU % is the cpu time between two readings over this.
    public var time: UInt64
    /// CPU time of every process of the cgroup, ever: v1 `cpuacct.usage`, v2 `usage_usec` of `cpu.stat`.
    public var cpuNanoseconds: UInt64?
    /// Memory in use without the page cache that can be dropped (docker's figure): v1 `memory.usage_in_bytes`, v2
    /// `memory.current`, minus `inactive_file` of `memory.stat`.
    public var memoryUsage: UInt64?
    /// v1 `memory.limit_in_bytes`, v2 `memory.max`.
    public var memoryLimit: Limit?
    /// Bytes read from and written to block devices: v1 `blkio.throttle.io_service_bytes_recursive`, v2 `io.stat`.
    public var blockRead: UInt64?
    public var blockWritten: UInt64?
    /// `pids.current` and `pids.max`.
    public var pids: UInt64?
    public var pidsLimit: Limit?

    public init(
        time: UInt64, cpuNanoseconds: UInt64? = nil, memoryUsage: UInt64? = nil, memoryLimit: Limit? = nil,
        blockRead: UInt64? = nil, blockWritten: UInt64? = nil, pids: UInt64? = nil, pidsLimit: Limit? = nil
    ) {
        self.time = time
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.blockRead = blockRead
        self.blockWritten = blockWritten
        self.pids = pids
        self.pidsLimit = pidsLimit
    }
}

extension CgroupStats {
    /// Reads `cgroup` now. Never fails: what cannot be read is nil (a container that just ended has no files).
    /// `time` is the monotonic clock in nanoseconds, taken just before the cpu time.
    public static func read(_ cgroup: ContainerCgroup, time: UInt64 = Clock.monotonicNanoseconds()) -> CgroupStats {
        var stats = CgroupStats(time: time)

        // CPU: v1 cpuacct; v2 keeps cpu.stat's usage_usec in every cgroup, with or without the cpu controller.
        if let directory = cgroup.directory(forV1: "cpuacct") {
            stats.cpuNanoseconds = text(directory, "cpuacct.usage").flatMap(Parse.integer)
        } else if let directory = cgroup.directory(forV2: "cpu") ?? cgroup.unifiedDirectory {
            stats.cpuNanoseconds = text(directory, "cpu.stat").flatMap { Parse.flatKeyed($0)["usage_usec"] }
                .map { $0.multipliedReportingOverflow(by: 1000).partialValue }
        }

        // Memory.
        if let directory = cgroup.directory(forV1: "memory") {
            let usage = text(directory, "memory.usage_in_bytes").flatMap(Parse.integer)
            let stat = text(directory, "memory.stat").map(Parse.flatKeyed)
            // Docker's rule: the hierarchical total_inactive_file on v1.
            stats.memoryUsage = usage.map { withoutInactiveFile($0, stat?["total_inactive_file"] ?? stat?["inactive_file"]) }
            stats.memoryLimit = text(directory, "memory.limit_in_bytes").flatMap(Parse.v1MemoryLimit)
        } else if let directory = cgroup.directory(forV2: "memory") {
            let usage = text(directory, "memory.current").flatMap(Parse.integer)
            let stat = text(directory, "memory.stat").map(Parse.flatKeyed)
            stats.memoryUsage = usage.map { withoutInactiveFile($0, stat?["inactive_file"]) }
            stats.memoryLimit = text(directory, "memory.max").flatMap(Parse.limit)
        }

        // Block I/O.
        if let directory = cgroup.directory(forV1: "blkio") {
            let serviceBytes = text(directory, "blkio.throttle.io_service_bytes_recursive")
                ?? text(directory, "blkio.io_service_bytes_recursive")
            if let bytes = serviceBytes.map(Parse.blkioServiceBytes) {
                (stats.blockRead, stats.blockWritten) = (bytes.read, bytes.written)
            }
        } else if let directory = cgroup.directory(forV2: "io") {
            if let bytes = text(directory, "io.stat").map(Parse.ioStat) {
                (stats.blockRead, stats.blockWritten) = (bytes.read, bytes.written)
            }
        }

        // Pids.
        if let directory = cgroup.directory(for: "pids") {
            stats.pids = text(directory, "pids.current").flatMap(Parse.integer)
            stats.pidsLimit = text(directory, "pids.max").flatMap(Parse.limit)
        }
        return stats
    }

    /// `usage` less the inactive file cache, when that is smaller (docker's calculateMemUsageUnixNoCache).
    static func withoutInactiveFile(_ usage: UInt64, _ inactive: UInt64?) -> UInt64 {
        guard let inactive, inactive < usage else { return usage }
        return usage - inactive
    }

    private static func text(_ directory: String, _ file: String) -> String? { CgroupFiles.read(directory + "/" + file) }
}
