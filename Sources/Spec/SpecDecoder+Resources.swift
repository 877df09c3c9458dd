import DidYouMean
import YAML

/// `linux.resources`: each value checked against the width of its OCI Go type and against the range the kernel
/// or the spec gives it (``ResourceLimits``), reported where it is written. A value with a problem is left out
/// (and its pointer marked failed), so that the rules that relate several values do not judge it again.
extension SpecDecoder {
    typealias R = ContainerSpec.Resources
    typealias L = ResourceLimits

    mutating func resources(_ node: Node, _ at: Location) -> R? {
        guard let fields = object(node, at, SpecSchema.resources) else { return nil }
        var r = R()
        for f in fields {
            switch f.key {
            case "devices": r.devices = deviceRules(f.value, f.location)
            case "memory": r.memory = memory(f.value, f.location)
            case "cpu": r.cpu = cpu(f.value, f.location)
            case "pids": r.pids = pids(f.value, f.location)
            case "blockIO": r.blockIO = blockIO(f.value, f.location)
            case "hugepageLimits": r.hugepageLimits = hugepageLimits(f.value, f.location)
            case "network": r.network = network(f.value, f.location)
            case "rdma": r.rdma = rdma(f.value, f.location)
            case "unified": r.unified = unified(f.value, f.location)
            default: break
            }
        }
        return r
    }

    // MARK: memory, cpu, pids

    mutating func memory(_ node: Node, _ at: Location) -> R.Memory? {
        guard let fields = object(node, at, SpecSchema.memory) else { return nil }
        var m = R.Memory()
        for f in fields {
            let (v, loc) = (f.value, f.location)
            switch f.key {
            case "limit": m.limit = memoryLimit(v, loc)
            case "reservation": m.reservation = memoryLimit(v, loc)
            case "swap": m.swap = memoryLimit(v, loc)
            case "kernel": m.kernel = size(v, loc)
            case "kernelTCP": m.kernelTCP = size(v, loc)
            case "swappiness":
                m.swappiness = bounded(v, loc, .memorySwappinessRange, [L.swappiness], "between 0 and 100").map { UInt64($0) }
            case "disableOOMKiller": m.disableOOMKiller = bool(v, loc)
            case "useHierarchy": m.useHierarchy = bool(v, loc)
            case "checkBeforeUpdate": m.checkBeforeUpdate = bool(v, loc)
            default: break
            }
        }
        return m
    }

    /// limit, reservation and swap: -1 or more than 0 bytes.
    mutating func memoryLimit(_ node: Node, _ at: Location) -> Int64? {
        guard let bytes = size(node, at) else { return nil }
        if bytes == L.unlimited || bytes > 0 { return bytes }
        var message = "`\(at.name)` must be -1 (unlimited) or more than 0 bytes, found \(Self.written(node))"
        if bytes == 0 { message += "; runc reads 0 as no limit and crun as no memory at all: write -1 for no limit" }
        fail(.memoryLimitRange, node, at, message)
        return nil
    }

    mutating func cpu(_ node: Node, _ at: Location) -> R.CPU? {
        guard let fields = object(node, at, SpecSchema.cpu) else { return nil }
        var c = R.CPU()
        for f in fields {
            let (v, loc) = (f.value, f.location)
            switch f.key {
            case "shares":
                c.shares = bounded(v, loc, .cpuSharesRange, [L.cpuShares], "between 2 and 262144 (leave it out for the default 1024)").map { UInt64($0) }
            case "quota":
                c.quota = bounded(v, loc, .cpuQuotaRange, [L.unlimited...L.unlimited, L.cpuQuotaMinimum...Int64.max], "-1 (no limit) or at least 1000 µs")
            case "burst": c.burst = uint64(v, loc)
            case "period":
                c.period = bounded(v, loc, .cpuPeriodRange, [L.cpuPeriod], "between 1000 and 1000000 µs (leave it out for the default 100000)").map { UInt64($0) }
            case "realtimeRuntime": c.realtimeRuntime = integer(v, loc, in: Int64.min...Int64.max)
            case "realtimePeriod": c.realtimePeriod = uint64(v, loc)
            case "cpus": c.cpus = cpuset(v, loc)
            case "mems": c.mems = cpuset(v, loc)
            case "idle": c.idle = bounded(v, loc, .cpuIdleRange, [L.cpuIdle], "0 or 1")
            default: break
            }
        }
        return c
    }

    mutating func cpuset(_ node: Node, _ at: Location) -> String? {
        guard let text = string(node, at) else { return nil }
        guard let problem = L.cpusetProblem(text) else { return text }
        fail(.cpusetSyntax, node, at, "`\(at.name)` `\(Self.shown(text))` is not a list such as 0-3,5,7-8: \(problem)")
        return nil
    }

    mutating func pids(_ node: Node, _ at: Location) -> R.Pids? {
        guard let fields = object(node, at, SpecSchema.pids) else { return nil }
        var limit: Int64?
        for f in fields where f.key == "limit" {
            limit = bounded(f.value, f.location, .pidsLimitRange, [L.unlimited...Int64.max], "-1 or 0 (no limit) or a positive number of tasks")
        }
        return limit.map { R.Pids(limit: $0) }
    }

    // MARK: block I/O

    mutating func blockIO(_ node: Node, _ at: Location) -> R.BlockIO? {
        guard let fields = object(node, at, SpecSchema.blockIO) else { return nil }
        var b = R.BlockIO()
        for f in fields {
            let (v, loc) = (f.value, f.location)
            switch f.key {
            case "weight": b.weight = blockIOWeight(v, loc)
            case "leafWeight": b.leafWeight = blockIOWeight(v, loc)
            case "weightDevice": b.weightDevice = weightDevices(v, loc)
            case "throttleReadBpsDevice": b.throttleReadBpsDevice = throttleDevices(v, loc, bytes: true)
            case "throttleWriteBpsDevice": b.throttleWriteBpsDevice = throttleDevices(v, loc, bytes: true)
            case "throttleReadIOPSDevice": b.throttleReadIOPSDevice = throttleDevices(v, loc, bytes: false)
            case "throttleWriteIOPSDevice": b.throttleWriteIOPSDevice = throttleDevices(v, loc, bytes: false)
            default: break
            }
        }
        return b
    }

    mutating func blockIOWeight(_ node: Node, _ at: Location) -> UInt16? {
        bounded(node, at, .blockIOWeightRange, [L.blockIOWeight], "between 10 and 1000").map { UInt16($0) }
    }

    mutating func deviceNumber(_ node: Node, _ at: Location) -> Int64? {
        bounded(node, at, .deviceNumberRange, [L.deviceWildcard...Int64.max], "-1 (every number) or at least 0")
    }

    mutating func weightDevices(_ node: Node, _ at: Location) -> [R.WeightDevice] {
        var out: [R.WeightDevice] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.weightDevice) else { continue }
            var major: Int64?, minor: Int64?, weight: UInt16?, leafWeight: UInt16?
            for f in fields {
                switch f.key {
                case "major": major = deviceNumber(f.value, f.location)
                case "minor": minor = deviceNumber(f.value, f.location)
                case "weight": weight = blockIOWeight(f.value, f.location)
                case "leafWeight": leafWeight = blockIOWeight(f.value, f.location)
                default: break
                }
            }
            if let major, let minor { out.append(R.WeightDevice(major: major, minor: minor, weight: weight, leafWeight: leafWeight)) }
        }
        return out
    }

    /// `bytes`: rates in bytes per second, which YAML may write with a unit.
    mutating func throttleDevices(_ node: Node, _ at: Location, bytes: Bool) -> [R.ThrottleDevice] {
        var out: [R.ThrottleDevice] = []
        var pointers: [String] = []
        let schema = bytes ? SpecSchema.throttleBytesDevice : SpecSchema.throttleIOPSDevice
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, schema) else { continue }
            var major: Int64?, minor: Int64?, rate: UInt64?
            for f in fields {
                switch f.key {
                case "major": major = deviceNumber(f.value, f.location)
                case "minor": minor = deviceNumber(f.value, f.location)
                case "rate": rate = bytes ? unsignedSize(f.value, f.location) : uint64(f.value, f.location)
                default: break
                }
            }
            if let major, let minor, let rate {
                out.append(R.ThrottleDevice(major: major, minor: minor, rate: rate))
                pointers.append(loc.pointer)
            }
        }
        origins.throttleDevices[at.pointer] = pointers
        return out
    }

    // MARK: huge pages, network, RDMA, unified

    mutating func hugepageLimits(_ node: Node, _ at: Location) -> [R.HugepageLimit] {
        var out: [R.HugepageLimit] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.hugepageLimit) else { continue }
            var pageSize: String?, limit: UInt64?
            for f in fields {
                switch f.key {
                case "pageSize":
                    pageSize = string(f.value, f.location)
                    if let text = pageSize, !L.isPageSize(text) {
                        pageSize = nil
                        fail(.hugepageSizeFormat, f.value, f.location, "`\(f.location.name)` `\(Self.shown(text))` is not a huge page size as the kernel names them: 2MB, 1GB, 64KB")
                    }
                case "limit": limit = unsignedSize(f.value, f.location)
                default: break
                }
            }
            if let pageSize, let limit { out.append(R.HugepageLimit(pageSize: pageSize, limit: limit)) }
        }
        return out
    }

    mutating func network(_ node: Node, _ at: Location) -> R.Network? {
        guard let fields = object(node, at, SpecSchema.network) else { return nil }
        var n = R.Network()
        for f in fields {
            switch f.key {
            case "classID": n.classID = uint32(f.value, f.location)
            case "priorities":
                for (item, loc) in list(f.value, f.location) ?? [] {
                    guard let entry = object(item, loc, SpecSchema.interfacePriority) else { continue }
                    var name: String?, priority: UInt32?
                    for e in entry {
                        switch e.key {
                        case "name": name = string(e.value, e.location)
                        case "priority": priority = uint32(e.value, e.location)
                        default: break
                        }
                    }
                    if let name, let priority { n.priorities.append(R.InterfacePriority(name: name, priority: priority)) }
                }
            default: break
            }
        }
        return n
    }

    mutating func rdma(_ node: Node, _ at: Location) -> [String: R.RDMA] {
        var out: [String: R.RDMA] = [:]
        for f in object(node, at, SpecSchema.rdma) ?? [] {
            guard let fields = object(f.value, f.location, SpecSchema.rdmaDevice) else { continue }
            var device = R.RDMA()
            for d in fields {
                switch d.key {
                case "hcaHandles": device.hcaHandles = uint32(d.value, d.location)
                case "hcaObjects": device.hcaObjects = uint32(d.value, d.location)
                default: break
                }
            }
            out[f.key] = device
        }
        return out
    }

    mutating func unified(_ node: Node, _ at: Location) -> [String: String] {
        var out: [String: String] = [:]
        for f in object(node, at, SpecSchema.unified) ?? [] {
            if let problem = L.unifiedKeyProblem(f.key) {
                origins.failed.insert(f.location.pointer)
                let mark = positions[f.location.pointer + "#key"].map { Mark(line: $0.line, column: $0.column) } ?? f.value.start
                report(.unifiedKey, at: mark, "`\(at.name)`: \(problem)")
                continue
            }
            if let value = string(f.value, f.location) { out[f.key] = value }
        }
        return out
    }

    // MARK: devices

    mutating func deviceRules(_ node: Node, _ at: Location) -> [R.DeviceRule] {
        var out: [R.DeviceRule] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.deviceRule) else { continue }
            var allow: Bool?
            var rule = R.DeviceRule(allow: false)
            var complete = true
            for f in fields {
                let (v, l) = (f.value, f.location)
                switch f.key {
                case "allow": allow = bool(v, l)
                case "type":
                    rule.type = deviceType(v, l)
                    complete = complete && rule.type != nil
                case "major":
                    rule.major = deviceNumber(v, l)
                    complete = complete && rule.major != nil
                case "minor":
                    rule.minor = deviceNumber(v, l)
                    complete = complete && rule.minor != nil
                case "access":
                    rule.access = string(v, l)
                    if let access = rule.access, !L.isAccess(access) {
                        rule.access = nil
                        let found = access.isEmpty ? "is empty: it" : "`\(Self.shown(access))`"
                        fail(.deviceAccess, v, l, "`\(l.name)` \(found) must be some of r (read), w (write) and m (mknod), each at most once: rwm, rw, r …")
                    }
                    complete = complete && rule.access != nil
                default: break
                }
            }
            // A rule with a part left out would allow or deny more than the spec says: leave it out whole.
            if let allow, complete {
                rule.allow = allow
                out.append(rule)
            }
        }
        return out
    }

    /// Words people write for a device type.
    static let deviceTypeAliases = ["all": "a", "block": "b", "char": "c", "character": "c"]

    mutating func deviceType(_ node: Node, _ at: Location) -> R.DeviceType? {
        let names = R.DeviceType.allCases.map(\.rawValue)
        guard case .string(let word) = node.resolved else {
            typeError(node, at, expected: "one of a, b, c")
            return nil
        }
        if let type = R.DeviceType(rawValue: word) { return type }
        var message = "`\(at.name)` must be a (all), b (block) or c (character); found `\(Self.shown(word))`"
        if let near = Self.deviceTypeAliases[word.lowercased()] ?? Suggestion.nearest(to: word, in: names) {
            message += "; did you mean `\(near)`?"
        }
        fail(.enum, node, at, message)
        return nil
    }
}

// MARK: - Numbers and sizes

extension SpecDecoder {
    /// An integer that must lie in one of `ranges` (each inside Int64); `requirement` says which in words.
    /// A value outside is reported under `rule`, except one too large for any integer of the field's type (`range`).
    mutating func bounded(_ node: Node, _ at: Location, _ rule: LintRuleID, _ ranges: [ClosedRange<Int64>], _ requirement: String) -> Int64? {
        switch node.resolved {
        case .int(let v):
            if ranges.contains(where: { $0.contains(v) }) { return v }
        case .largeInt(let text):
            if !text.hasPrefix("-"), ranges.last?.upperBound == Int64.max {
                fail(.range, node, at, "`\(at.name)` must be at most \(Int64.max), found \(text)")
                return nil
            }
        default:
            typeError(node, at, expected: "an integer")
            return nil
        }
        fail(rule, node, at, "`\(at.name)` must be \(requirement), found \(Self.written(node))")
        return nil
    }

    /// The OCI's uint64 fields: 0 to 18446744073709551615 (above Int64.max YAML gives the text).
    mutating func uint64(_ node: Node, _ at: Location) -> UInt64? {
        switch node.resolved {
        case .int(let v) where v >= 0:
            return UInt64(v)
        case .int, .largeInt:
            if case .largeInt(let text) = node.resolved, let v = Self.unsigned(text) { return v }
            fail(.range, node, at, "`\(at.name)` must be between 0 and \(UInt64.max), found \(Self.written(node))")
        default:
            typeError(node, at, expected: "an integer")
        }
        return nil
    }

    /// A signed size in bytes (int64 fields): an integer, or in YAML a string with a unit.
    mutating func size(_ node: Node, _ at: Location) -> Int64? {
        if case .string(let text) = node.resolved {
            return byteSize(text, node, at, maximum: UInt64(Int64.max)).map { Int64($0) }
        }
        return integer(node, at, in: Int64.min...Int64.max)
    }

    /// An unsigned size in bytes (uint64 fields): an integer, or in YAML a string with a unit.
    mutating func unsignedSize(_ node: Node, _ at: Location) -> UInt64? {
        if case .string(let text) = node.resolved {
            return byteSize(text, node, at, maximum: UInt64.max)
        }
        return uint64(node, at)
    }

    private mutating func byteSize(_ text: String, _ node: Node, _ at: Location, maximum: UInt64) -> UInt64? {
        guard syntax == .yaml else {
            typeError(node, at, expected: "an integer (a number of bytes: sizes with units such as 256Mi are for YAML specs)")
            return nil
        }
        switch ByteSize.parse(text, maximum: maximum) {
        case .success(let bytes):
            return bytes
        case .failure(.tooLarge):
            fail(.range, node, at, "`\(at.name)` `\(Self.shown(text))` is too large: at most \(maximum) bytes")
        case .failure(.malformed(let hint)):
            var message = "`\(at.name)` must be a number of bytes or a size such as 256Mi, 1Gi, 512k or 1G; found `\(Self.shown(text))`"
            message += "; " + (hint ?? "the units are k, M, G, T (powers of 1000) and Ki, Mi, Gi, Ti (powers of 1024)")
            fail(.sizeSyntax, node, at, message)
        }
        return nil
    }

    /// Reports `message` under `rule` at the value, which the spec then leaves out.
    mutating func fail(_ rule: LintRuleID, _ node: Node, _ at: Location, _ message: String) {
        origins.failed.insert(at.pointer)
        report(rule, at: node.start, message)
    }

    /// The value as the file wrote it: `256Mi`, `-3`.
    static func written(_ node: Node) -> String {
        guard let scalar = node.scalar else { return describe(node) }
        if case .string = node.resolved { return "`" + shown(scalar.value) + "`" }
        return shown(scalar.value)
    }

    /// At most 40 characters of a value, for messages.
    static func shown(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// An unsigned integer in YAML 1.2 core notation (`123`, `+123`, `0x7f`, `0o17`) that may be above Int64.max.
    static func unsigned(_ text: String) -> UInt64? {
        var digits = Substring(text)
        if digits.hasPrefix("+") { digits = digits.dropFirst() }
        var radix = 10
        if digits.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        return UInt64(digits, radix: radix)
    }
}
