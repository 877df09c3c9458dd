import Spec

extension ContainerSpec.Resources {
    /// The limits as `plan` names them, one `key=value` each in the spec's own words (`memory.limit=268435456`,
    /// `pids.limit=100`, `devices=3 rules`), in spec order.
    public var limitWords: [String] {
        var words: [String] = []
        func add<T>(_ key: String, _ value: T?) { if let value { words.append("\(key)=\(value)") } }
        if let m = memory {
            add("memory.limit", m.limit); add("memory.reservation", m.reservation); add("memory.swap", m.swap)
            add("memory.kernel", m.kernel); add("memory.kernelTCP", m.kernelTCP); add("memory.swappiness", m.swappiness)
            add("memory.disableOOMKiller", m.disableOOMKiller); add("memory.useHierarchy", m.useHierarchy)
        }
        if let c = cpu {
            add("cpu.shares", c.shares); add("cpu.quota", c.quota); add("cpu.burst", c.burst); add("cpu.period", c.period)
            add("cpu.realtimeRuntime", c.realtimeRuntime); add("cpu.realtimePeriod", c.realtimePeriod)
            add("cpu.cpus", c.cpus); add("cpu.mems", c.mems); add("cpu.idle", c.idle)
        }
        add("pids.limit", pids?.limit)
        if let b = blockIO {
            add("blockIO.weight", b.weight); add("blockIO.leafWeight", b.leafWeight)
            let devices = b.weightDevice.count + b.throttleReadBpsDevice.count + b.throttleWriteBpsDevice.count
                + b.throttleReadIOPSDevice.count + b.throttleWriteIOPSDevice.count
            if devices > 0 { words.append("blockIO.devices=\(devices)") }
        }
        for h in hugepageLimits { words.append("hugepageLimits.\(h.pageSize)=\(h.limit)") }
        if let n = network {
            add("network.classID", n.classID)
            for p in n.priorities { words.append("network.priorities.\(p.name)=\(p.priority)") }
        }
        for device in rdma.keys.sorted() { words.append("rdma.\(device)") }
        for key in unified.keys.sorted() { words.append("unified.\(key)=\(unified[key] ?? "")") }
        if !devices.isEmpty { words.append("devices=\(devices.count) rule\(devices.count == 1 ? "" : "s")") }
        return words
    }
}
