import LinuxSystem

/// The figures `docker stats` derives from its readings, computed the same way.
extension CgroupStats {
    /// The cpu time the cgroup used between `earlier` and `later` over the wall time between them, × 100: one busy
    /// core is 100, two are 200. Nil when either reading lacks the cpu time or no time passed; 0 when the counter
    /// went back (it cannot, unless the cgroup was made again under the same name).
    public static func cpuPercent(from earlier: CgroupStats, to later: CgroupStats) -> Double? {
        guard let before = earlier.cpuNanoseconds, let after = later.cpuNanoseconds, later.time > earlier.time else { return nil }
        guard after >= before else { return 0 }
        return Double(after - before) / Double(later.time - earlier.time) * 100
    }

    /// The memory limit to show: the cgroup's, no more than the host's memory (`hostMemory`), which stands in
    /// for no limit, as docker shows it. Nil when neither is known.
    public func effectiveMemoryLimit(hostMemory: UInt64?) -> UInt64? {
        switch memoryLimit {
        case let .bytes(limit): hostMemory.map { min(limit, $0) } ?? limit
        case .unlimited: hostMemory
        case nil: nil
        }
    }

    /// `usage` as a share of `limit`, × 100; nil without either, or with a zero limit.
    public static func memoryPercent(usage: UInt64?, limit: UInt64?) -> Double? {
        guard let usage, let limit, limit > 0 else { return nil }
        return Double(usage) / Double(limit) * 100
    }

    /// The host's memory (`MemTotal` of /proc/meminfo), in bytes; nil when it cannot be read.
    public static func hostMemory() -> UInt64? {
        Sys.readFile("/proc/meminfo").flatMap { Parse.memTotal(String(decoding: $0, as: UTF8.self)) }
    }
}
