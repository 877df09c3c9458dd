import Spec

/// `linux.resources` written back with the OCI keys, sizes as numbers of bytes.
extension ContainerSpec {
    static func json(_ r: Resources) -> JSONValue {
        var m = Members()
        if !r.devices.isEmpty {
            m.add("devices", .array(r.devices.map { d in
                var rule = Members()
                rule.add("allow", .bool(d.allow))
                rule.add("type", d.type.map { .string($0.rawValue) })
                rule.add("major", d.major.map(JSONValue.int))
                rule.add("minor", d.minor.map(JSONValue.int))
                rule.add("access", d.access.map(JSONValue.string))
                return rule.value
            }))
        }
        m.add("memory", r.memory.map(json))
        m.add("cpu", r.cpu.map(json))
        m.add("pids", r.pids.map { .object([("limit", .int($0.limit))]) })
        m.add("blockIO", r.blockIO.map(json))
        if !r.hugepageLimits.isEmpty {
            m.add("hugepageLimits", .array(r.hugepageLimits.map { .object([("pageSize", .string($0.pageSize)), ("limit", number($0.limit))]) }))
        }
        m.add("network", r.network.map { n in
            var network = Members()
            network.add("classID", n.classID.map { .int(Int64($0)) })
            if !n.priorities.isEmpty {
                network.add("priorities", .array(n.priorities.map { .object([("name", .string($0.name)), ("priority", .int(Int64($0.priority)))]) }))
            }
            return network.value
        })
        if !r.rdma.isEmpty {
            m.add("rdma", .object(r.rdma.sorted { $0.key < $1.key }.map { name, device in
                var d = Members()
                d.add("hcaHandles", device.hcaHandles.map { .int(Int64($0)) })
                d.add("hcaObjects", device.hcaObjects.map { .int(Int64($0)) })
                return (name, d.value)
            }))
        }
        if !r.unified.isEmpty {
            m.add("unified", .object(r.unified.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        return m.value
    }

    static func json(_ memory: Resources.Memory) -> JSONValue {
        var m = Members()
        m.add("limit", memory.limit.map(JSONValue.int))
        m.add("reservation", memory.reservation.map(JSONValue.int))
        m.add("swap", memory.swap.map(JSONValue.int))
        m.add("kernel", memory.kernel.map(JSONValue.int))
        m.add("kernelTCP", memory.kernelTCP.map(JSONValue.int))
        m.add("swappiness", memory.swappiness.map(number))
        m.add("disableOOMKiller", memory.disableOOMKiller.map(JSONValue.bool))
        m.add("useHierarchy", memory.useHierarchy.map(JSONValue.bool))
        m.add("checkBeforeUpdate", memory.checkBeforeUpdate.map(JSONValue.bool))
        return m.value
    }

    static func json(_ cpu: Resources.CPU) -> JSONValue {
        var m = Members()
        m.add("shares", cpu.shares.map(number))
        m.add("quota", cpu.quota.map(JSONValue.int))
        m.add("burst", cpu.burst.map(number))
        m.add("period", cpu.period.map(number))
        m.add("realtimeRuntime", cpu.realtimeRuntime.map(JSONValue.int))
        m.add("realtimePeriod", cpu.realtimePeriod.map(number))
        m.add("cpus", cpu.cpus.map(JSONValue.string))
        m.add("mems", cpu.mems.map(JSONValue.string))
        m.add("idle", cpu.idle.map(JSONValue.int))
        return m.value
    }

    static func json(_ b: Resources.BlockIO) -> JSONValue {
        var m = Members()
        m.add("weight", b.weight.map { .int(Int64($0)) })
        m.add("leafWeight", b.leafWeight.map { .int(Int64($0)) })
        if !b.weightDevice.isEmpty {
            m.add("weightDevice", .array(b.weightDevice.map { d in
                var device = Members()
                device.add("major", .int(d.major))
                device.add("minor", .int(d.minor))
                device.add("weight", d.weight.map { .int(Int64($0)) })
                device.add("leafWeight", d.leafWeight.map { .int(Int64($0)) })
                return device.value
            }))
        }
        for (name, list) in [("throttleReadBpsDevice", b.throttleReadBpsDevice), ("throttleWriteBpsDevice", b.throttleWriteBpsDevice),
                             ("throttleReadIOPSDevice", b.throttleReadIOPSDevice), ("throttleWriteIOPSDevice", b.throttleWriteIOPSDevice)]
        where !list.isEmpty {
            m.add(name, .array(list.map { .object([("major", .int($0.major)), ("minor", .int($0.minor)), ("rate", number($0.rate))]) }))
        }
        return m.value
    }
}
