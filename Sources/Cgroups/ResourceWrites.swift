import Spec

/// One value to write for a container's limits: the controller whose hierarchy holds the file, the file, the
/// value, and the spec key it comes from (errors name both).
public struct ResourceWrite: Sendable, Equatable, CustomStringConvertible {
    public var controller: String
    public var file: String
    public var value: String
    /// `linux.resources.memory.limit`.
    public var key: String

    public init(_ controller: String, _ file: String, _ value: String, key: String) {
        self.controller = controller
        self.file = file
        self.value = value
        self.key = key
    }

    public var description: String { "\(file)=\(value)" }
}

/// The files `linux.resources` becomes, on v1 (runc's fs driver) and v2 (crun's and runc's fs2 driver), as pure
/// functions: a key the layout cannot express is an error that names it. `deviceRules` are applied apart
/// (``DeviceRules``, ``DeviceProgram``).
public enum ResourceWrites {
    /// Why a key cannot be applied on a layout.
    public struct Unsupported: Error, Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var reason: String
        public var description: String { "\(key): \(reason)" }
    }

    static let prefix = "linux.resources."

    /// The entries of one layout as they are listed.
    struct Entries {
        var list: [Entry] = []

        mutating func add(_ controller: String, _ file: String, _ value: String, _ key: String) {
            list.append(.write(ResourceWrite(controller, file, value, key: prefix + key)))
        }

        mutating func refuse(_ controller: String, _ key: String, _ reason: String) {
            list.append(.unsupported(controller: controller, Unsupported(key: prefix + key, reason: reason)))
        }
    }

    /// A write, or a key this layout cannot express, with the controller it belongs to.
    public enum Entry: Sendable, Equatable {
        case write(ResourceWrite)
        case unsupported(controller: String, Unsupported)

        public var controller: String {
            switch self {
            case let .write(write): write.controller
            case let .unsupported(controller, _): controller
            }
        }
    }

    /// The writes on cgroup v1; throws for the first key v1 cannot express.
    public static func v1(_ r: ContainerSpec.Resources) throws(Unsupported) -> [ResourceWrite] {
        try writes(v1Entries(r))
    }

    /// The writes on cgroup v2; throws for the first key v2 cannot express.
    public static func v2(_ r: ContainerSpec.Resources) throws(Unsupported) -> [ResourceWrite] {
        try writes(v2Entries(r))
    }

    static func writes(_ entries: [Entry]) throws(Unsupported) -> [ResourceWrite] {
        var writes: [ResourceWrite] = []
        for entry in entries {
            switch entry {
            case let .write(write): writes.append(write)
            case let .unsupported(_, reason): throw reason
            }
        }
        return writes
    }

    // MARK: v1

    /// What cgroup v1 makes of each key, in the order the writes are made.
    public static func v1Entries(_ r: ContainerSpec.Resources) -> [Entry] {
        var out = Entries()
        if let m = r.memory {
            if let v = m.limit { out.add("memory", "memory.limit_in_bytes", String(v), "memory.limit") }
            if let v = m.swap { out.add("memory", "memory.memsw.limit_in_bytes", String(v), "memory.swap") }
            if let v = m.reservation { out.add("memory", "memory.soft_limit_in_bytes", String(v), "memory.reservation") }
            if let v = m.kernelTCP { out.add("memory", "memory.kmem.tcp.limit_in_bytes", String(v), "memory.kernelTCP") }
            if let v = m.swappiness { out.add("memory", "memory.swappiness", String(v), "memory.swappiness") }
            if m.disableOOMKiller == true { out.add("memory", "memory.oom_control", "1", "memory.disableOOMKiller") }
            if let v = m.useHierarchy { out.add("memory", "memory.use_hierarchy", v ? "1" : "0", "memory.useHierarchy") }
            // memory.kernel: the kernel dropped kmem limits (5.16); runc ignores it too. Lint warns.
        }
        if let c = r.cpu {
            if let v = c.shares { out.add("cpu", "cpu.shares", String(v), "cpu.shares") }
            if let v = c.period { out.add("cpu", "cpu.cfs_period_us", String(v), "cpu.period") }
            if let v = c.quota { out.add("cpu", "cpu.cfs_quota_us", String(v), "cpu.quota") }
            if let v = c.burst { out.add("cpu", "cpu.cfs_burst_us", String(v), "cpu.burst") }
            if let v = c.realtimePeriod { out.add("cpu", "cpu.rt_period_us", String(v), "cpu.realtimePeriod") }
            if let v = c.realtimeRuntime { out.add("cpu", "cpu.rt_runtime_us", String(v), "cpu.realtimeRuntime") }
            if let v = c.idle { out.add("cpu", "cpu.idle", String(v), "cpu.idle") }
            if let v = c.cpus { out.add("cpuset", "cpuset.cpus", v, "cpu.cpus") }
            if let v = c.mems { out.add("cpuset", "cpuset.mems", v, "cpu.mems") }
        }
        if let p = r.pids { out.add("pids", "pids.max", p.limit > 0 ? String(p.limit) : "max", "pids.limit") }
        if let b = r.blockIO {
            if let v = b.weight { out.add("blkio", "blkio.weight", String(v), "blockIO.weight") }
            if let v = b.leafWeight { out.add("blkio", "blkio.leaf_weight", String(v), "blockIO.leafWeight") }
            for d in b.weightDevice {
                if let w = d.weight { out.add("blkio", "blkio.weight_device", "\(d.major):\(d.minor) \(w)", "blockIO.weightDevice") }
                if let w = d.leafWeight { out.add("blkio", "blkio.leaf_weight_device", "\(d.major):\(d.minor) \(w)", "blockIO.weightDevice") }
            }
            let throttles: [(String, [ContainerSpec.Resources.ThrottleDevice], String)] = [
                ("blkio.throttle.read_bps_device", b.throttleReadBpsDevice, "blockIO.throttleReadBpsDevice"),
                ("blkio.throttle.write_bps_device", b.throttleWriteBpsDevice, "blockIO.throttleWriteBpsDevice"),
                ("blkio.throttle.read_iops_device", b.throttleReadIOPSDevice, "blockIO.throttleReadIOPSDevice"),
                ("blkio.throttle.write_iops_device", b.throttleWriteIOPSDevice, "blockIO.throttleWriteIOPSDevice"),
            ]
            for (file, devices, key) in throttles {
                for d in devices { out.add("blkio", file, "\(d.major):\(d.minor) \(d.rate)", key) }
            }
        }
        for h in r.hugepageLimits {
            out.add("hugetlb", "hugetlb.\(h.pageSize).limit_in_bytes", String(h.limit), "hugepageLimits")
        }
        if let n = r.network {
            if let v = n.classID { out.add("net_cls", "net_cls.classid", String(v), "network.classID") }
            for p in n.priorities { out.add("net_prio", "net_prio.ifpriomap", "\(p.name) \(p.priority)", "network.priorities") }
        }
        for (device, limits) in r.rdma.sorted(by: { $0.key < $1.key }) {
            out.add("rdma", "rdma.max", rdmaLine(device, limits), "rdma")
        }
        for key in r.unified.keys.sorted() {
            out.refuse(String(key.prefix { $0 != "." }), "unified." + key, "a cgroup v2 key, and this controller is on cgroup v1 here")
        }
        return out.list
    }

    // MARK: v2

    /// What cgroup v2 makes of each key, in the order the writes are made; `unified` last, written as given.
    public static func v2Entries(_ r: ContainerSpec.Resources) -> [Entry] {
        var out = Entries()
        if let m = r.memory {
            if let v = m.limit { out.add("memory", "memory.max", maxValue(v), "memory.limit") }
            if let v = m.reservation { out.add("memory", "memory.low", maxValue(v), "memory.reservation") }
            if let swap = m.swap {
                // v1's memsw is memory + swap; v2's swap.max is swap alone.
                let value: String
                if swap < 0 {
                    value = "max"
                } else if let limit = m.limit, limit >= 0 {
                    value = String(max(0, swap - limit))
                } else {
                    value = ""
                }
                if value.isEmpty {
                    out.refuse("memory", "memory.swap", "on cgroup v2 a swap limit needs a memory limit (swap is memory + swap, as on v1)")
                } else {
                    out.add("memory", "memory.swap.max", value, "memory.swap")
                }
            }
            if m.swappiness != nil { out.refuse("memory", "memory.swappiness", "cgroup v2 has no per-cgroup swappiness") }
            if m.disableOOMKiller == true { out.refuse("memory", "memory.disableOOMKiller", "cgroup v2 cannot disable the OOM killer") }
            if m.kernelTCP != nil { out.refuse("memory", "memory.kernelTCP", "cgroup v2 has no separate TCP memory limit") }
        }
        if let c = r.cpu {
            if let v = c.shares { out.add("cpu", "cpu.weight", String(cpuWeight(shares: v)), "cpu.shares") }
            if c.quota != nil || c.period != nil {
                let quota = c.quota.map { $0 < 0 ? "max" : String($0) } ?? "max"
                out.add("cpu", "cpu.max", "\(quota) \(c.period ?? 100_000)", c.quota != nil ? "cpu.quota" : "cpu.period")
            }
            if let v = c.burst { out.add("cpu", "cpu.max.burst", String(v), "cpu.burst") }
            if let v = c.idle { out.add("cpu", "cpu.idle", String(v), "cpu.idle") }
            if c.realtimeRuntime != nil || c.realtimePeriod != nil {
                out.refuse("cpu", c.realtimeRuntime != nil ? "cpu.realtimeRuntime" : "cpu.realtimePeriod",
                       "cgroup v2 has no real-time bandwidth per cgroup")
            }
            if let v = c.cpus { out.add("cpuset", "cpuset.cpus", v, "cpu.cpus") }
            if let v = c.mems { out.add("cpuset", "cpuset.mems", v, "cpu.mems") }
        }
        if let p = r.pids { out.add("pids", "pids.max", p.limit > 0 ? String(p.limit) : "max", "pids.limit") }
        if let b = r.blockIO {
            if let v = b.weight { out.add("io", "io.weight", String(ioWeight(blkio: v)), "blockIO.weight") }
            if b.leafWeight != nil { out.refuse("io", "blockIO.leafWeight", "cgroup v2 has no leaf weight") }
            for d in b.weightDevice {
                if let w = d.weight { out.add("io", "io.weight", "\(d.major):\(d.minor) \(ioWeight(blkio: w))", "blockIO.weightDevice") }
            }
            // One io.max line per device, with each of its limits.
            var lines: [(device: String, parts: [String], key: String)] = []
            let throttles: [(String, [ContainerSpec.Resources.ThrottleDevice], String)] = [
                ("rbps", b.throttleReadBpsDevice, "blockIO.throttleReadBpsDevice"),
                ("wbps", b.throttleWriteBpsDevice, "blockIO.throttleWriteBpsDevice"),
                ("riops", b.throttleReadIOPSDevice, "blockIO.throttleReadIOPSDevice"),
                ("wiops", b.throttleWriteIOPSDevice, "blockIO.throttleWriteIOPSDevice"),
            ]
            for (name, devices, key) in throttles {
                for d in devices {
                    let device = "\(d.major):\(d.minor)"
                    let part = "\(name)=\(d.rate == 0 ? "max" : String(d.rate))"
                    if let i = lines.firstIndex(where: { $0.device == device }) {
                        lines[i].parts.append(part)
                    } else {
                        lines.append((device, [part], key))
                    }
                }
            }
            for line in lines { out.add("io", "io.max", line.device + " " + line.parts.joined(separator: " "), line.key) }
        }
        for h in r.hugepageLimits {
            out.add("hugetlb", "hugetlb.\(h.pageSize).max", String(h.limit), "hugepageLimits")
        }
        if let n = r.network {
            if n.classID != nil { out.refuse("net_cls", "network.classID", "cgroup v2 has no net_cls controller") }
            if !n.priorities.isEmpty { out.refuse("net_prio", "network.priorities", "cgroup v2 has no net_prio controller") }
        }
        for (device, limits) in r.rdma.sorted(by: { $0.key < $1.key }) {
            out.add("rdma", "rdma.max", rdmaLine(device, limits), "rdma")
        }
        for (key, value) in r.unified.sorted(by: { $0.key < $1.key }) {
            let controller = String(key.prefix { $0 != "." })
            out.add(controller, key, value, "unified." + key)
        }
        return out.list
    }

    /// `max` for -1 (unlimited), else the number.
    static func maxValue(_ v: Int64) -> String { v < 0 ? "max" : String(v) }

    /// cpu.shares (2…262144) as cpu.weight (1…10000), as runc and crun convert it.
    public static func cpuWeight(shares: UInt64) -> UInt64 {
        shares < 2 ? 1 : 1 + ((min(shares, 262_144) - 2) * 9999) / 262_142
    }

    /// blkio.weight (10…1000) as io.weight (1…10000), as runc converts it.
    public static func ioWeight(blkio weight: UInt16) -> UInt64 {
        let w = UInt64(max(10, min(weight, 1000)))
        return 1 + (w - 10) * 9999 / 990
    }

    static func rdmaLine(_ device: String, _ limits: ContainerSpec.Resources.RDMA) -> String {
        var line = device
        if let v = limits.hcaHandles { line += " hca_handle=\(v)" }
        if let v = limits.hcaObjects { line += " hca_object=\(v)" }
        return line
    }
}
