import DidYouMean
import YAML

/// The security keys of `process` and `linux`, and `hooks`: each name checked against its table
/// (``Capability``, ``RlimitName``, ``SeccompNames``, ``ProcessNames``) where it is written.
extension SpecDecoder {
    typealias S = ContainerSpec

    // MARK: process

    mutating func capabilities(_ node: Node, _ at: Location) -> S.Capabilities? {
        guard let fields = object(node, at, SpecSchema.capabilities) else { return nil }
        var c = S.Capabilities()
        for f in fields {
            let names = words(f.value, f.location, Capability.names, prefix: "CAP_")
            switch f.key {
            case "bounding": c.bounding = names
            case "effective": c.effective = names
            case "inheritable": c.inheritable = names
            case "permitted": c.permitted = names
            case "ambient": c.ambient = names
            default: break
            }
        }
        return c
    }

    mutating func rlimits(_ node: Node, _ at: Location) -> [S.Rlimit] {
        var out: [S.Rlimit] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.rlimit) else { continue }
            var type: String?, soft: UInt64?, hard: UInt64?
            for f in fields {
                switch f.key {
                case "type": type = word(f.value, f.location, RlimitName.names, prefix: "RLIMIT_")
                case "soft": soft = uint64(f.value, f.location)
                case "hard": hard = uint64(f.value, f.location)
                default: break
                }
            }
            guard let type, let soft, let hard else { continue }
            out.append(S.Rlimit(type: type, soft: soft, hard: hard))
            origins.rlimits.append(loc.pointer)
        }
        return out
    }

    mutating func consoleSize(_ node: Node, _ at: Location) -> S.ConsoleSize? {
        guard let fields = object(node, at, SpecSchema.consoleSize) else { return nil }
        var height: UInt32?, width: UInt32?
        for f in fields {
            switch f.key {
            case "height": height = uint32(f.value, f.location)
            case "width": width = uint32(f.value, f.location)
            default: break
            }
        }
        guard let height, let width else { return nil }
        return S.ConsoleSize(height: height, width: width)
    }

    mutating func ioPriority(_ node: Node, _ at: Location) -> S.IOPriority? {
        guard let fields = object(node, at, SpecSchema.ioPriority) else { return nil }
        var ioClass: String?, priority: Int32 = 0
        for f in fields {
            switch f.key {
            case "class": ioClass = word(f.value, f.location, ProcessNames.ioPriorityClasses, prefix: "IOPRIO_CLASS_")
            case "priority": priority = integer(f.value, f.location, in: 0...7).map { Int32($0) } ?? priority
            default: break
            }
        }
        return ioClass.map { S.IOPriority(ioClass: $0, priority: priority) }
    }

    mutating func scheduler(_ node: Node, _ at: Location) -> S.Scheduler? {
        guard let fields = object(node, at, SpecSchema.scheduler) else { return nil }
        var s = S.Scheduler(policy: "")
        var policy: String?
        for f in fields {
            let (v, loc) = (f.value, f.location)
            switch f.key {
            case "policy": policy = word(v, loc, ProcessNames.schedulerPolicies, prefix: "SCHED_")
            case "nice": s.nice = integer(v, loc, in: -20...19).map { Int32($0) }
            case "priority": s.priority = integer(v, loc, in: 0...99).map { Int32($0) }
            case "flags": s.flags = words(v, loc, ProcessNames.schedulerFlags, prefix: "SCHED_FLAG_")
            case "runtime": s.runtime = uint64(v, loc)
            case "deadline": s.deadline = uint64(v, loc)
            case "period": s.period = uint64(v, loc)
            default: break
            }
        }
        guard let policy else { return nil }
        s.policy = policy
        return s
    }

    // MARK: linux

    mutating func devices(_ node: Node, _ at: Location) -> [S.Device] {
        var out: [S.Device] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.device) else { continue }
            var path: String?, type: String?
            var d = S.Device(path: "", type: "")
            for f in fields {
                let (v, l) = (f.value, f.location)
                switch f.key {
                case "path": path = string(v, l)
                case "type": type = word(v, l, ProcessNames.deviceTypes, prefix: "")
                case "major": d.major = integer(v, l, in: Int64.min...Int64.max) ?? 0
                case "minor": d.minor = integer(v, l, in: Int64.min...Int64.max) ?? 0
                case "fileMode": d.fileMode = integer(v, l, in: 0...0o7777).map { UInt32($0) }
                case "uid": d.uid = uint32(v, l)
                case "gid": d.gid = uint32(v, l)
                default: break
                }
            }
            guard let path, let type else { continue }
            d.path = path
            d.type = type
            out.append(d)
            origins.devices.append(loc.pointer)
        }
        return out
    }

    mutating func sysctl(_ node: Node, _ at: Location) -> [String: String] {
        guard let fields = object(node, at, SpecSchema.sysctl) else { return [:] }
        var out: [String: String] = [:]
        for f in fields {
            // The OCI type is a string; a number written bare in YAML is taken as its text, as people write it.
            if let scalar = f.value.scalar, case .int = f.value.resolved {
                out[f.key] = scalar.value
            } else if let value = string(f.value, f.location) {
                out[f.key] = value
            }
        }
        return out
    }

    mutating func personality(_ node: Node, _ at: Location) -> S.Personality? {
        guard let fields = object(node, at, SpecSchema.personality) else { return nil }
        var domain: String?, flags: [String] = []
        for f in fields {
            switch f.key {
            case "domain": domain = word(f.value, f.location, ProcessNames.personalityDomains, prefix: "")
            case "flags": flags = strings(f.value, f.location)
            default: break
            }
        }
        return domain.map { S.Personality(domain: $0, flags: flags) }
    }

    mutating func seccomp(_ node: Node, _ at: Location) -> S.Seccomp? {
        guard let fields = object(node, at, SpecSchema.seccomp) else { return nil }
        var s = S.Seccomp(defaultAction: "")
        var action: String?
        for f in fields {
            let (v, l) = (f.value, f.location)
            switch f.key {
            case "defaultAction": action = word(v, l, SeccompNames.actions, prefix: "SCMP_ACT_")
            case "defaultErrnoRet": s.defaultErrnoRet = uint32(v, l)
            case "architectures": s.architectures = words(v, l, SeccompNames.architectures, prefix: "SCMP_ARCH_")
            case "flags": s.flags = words(v, l, SeccompNames.flags, prefix: "SECCOMP_FILTER_FLAG_")
            case "listenerPath": s.listenerPath = string(v, l)
            case "listenerMetadata": s.listenerMetadata = string(v, l)
            case "syscalls": s.syscalls = seccompSyscalls(v, l)
            default: break
            }
        }
        guard let action else { return nil }
        s.defaultAction = action
        return s
    }

    mutating func seccompSyscalls(_ node: Node, _ at: Location) -> [S.Seccomp.Syscall] {
        var out: [S.Seccomp.Syscall] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.seccompSyscall) else { continue }
            var names: [String] = [], action: String?, errnoRet: UInt32?, args: [S.Seccomp.Argument] = []
            for f in fields {
                let (v, l) = (f.value, f.location)
                switch f.key {
                case "names": names = unplacedStrings(v, l)
                case "action": action = word(v, l, SeccompNames.actions, prefix: "SCMP_ACT_")
                case "errnoRet": errnoRet = uint32(v, l)
                case "args":
                    for (argument, argumentAt) in list(v, l) ?? [] {
                        if let a = seccompArgument(argument, argumentAt) { args.append(a) }
                    }
                default: break
                }
            }
            guard let action else { continue }
            out.append(S.Seccomp.Syscall(names: names, action: action, errnoRet: errnoRet, args: args))
            origins.seccompSyscalls.append(loc.pointer)
        }
        return out
    }

    mutating func seccompArgument(_ node: Node, _ at: Location) -> S.Seccomp.Argument? {
        guard let fields = object(node, at, SpecSchema.seccompArgument) else { return nil }
        var index: UInt32?, value: UInt64?, valueTwo: UInt64 = 0, op: String?
        for f in fields {
            let (v, l) = (f.value, f.location)
            switch f.key {
            case "index": index = integer(v, l, in: 0...5).map { UInt32($0) }
            case "value": value = uint64(v, l)
            case "valueTwo": valueTwo = uint64(v, l) ?? 0
            case "op": op = word(v, l, SeccompNames.operators, prefix: "SCMP_CMP_")
            default: break
            }
        }
        guard let index, let value, let op else { return nil }
        return S.Seccomp.Argument(index: index, value: value, valueTwo: valueTwo, op: op)
    }

    // MARK: hooks

    mutating func hooks(_ node: Node, _ at: Location) -> S.Hooks {
        var h = S.Hooks()
        guard let fields = object(node, at, SpecSchema.hooks) else { return h }
        for f in fields {
            let list = hookList(f.value, f.location)
            switch f.key {
            case "prestart": h.prestart = list
            case "createRuntime": h.createRuntime = list
            case "createContainer": h.createContainer = list
            case "startContainer": h.startContainer = list
            case "poststart": h.poststart = list
            case "poststop": h.poststop = list
            default: break
            }
        }
        return h
    }

    mutating func hookList(_ node: Node, _ at: Location) -> [S.Hook] {
        var out: [S.Hook] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.hook) else { continue }
            var hook = S.Hook(path: "")
            var path: String?
            for f in fields {
                let (v, l) = (f.value, f.location)
                switch f.key {
                case "path": path = string(v, l)
                case "args": hook.args = words(v, l)
                case "env": hook.env = strings(v, l)
                case "timeout": hook.timeout = integer(v, l, in: 1...Int64(Int32.max))
                default: break
                }
            }
            guard let path else { continue }
            hook.path = path
            out.append(hook)
        }
        return out
    }

    // MARK: Names

    /// A name from `names`; anything else is an `enum` error with the nearest name, the name with its `prefix`
    /// added (`NET_ADMIN` → `CAP_NET_ADMIN`) or upper-cased when that is one.
    mutating func word(_ node: Node, _ at: Location, _ names: [String], prefix: String) -> String? {
        guard case .string(let word) = node.resolved else {
            typeError(node, at, expected: "a string")
            return nil
        }
        if names.contains(word) { return word }
        var message = "`\(at.name)`: unknown name `\(Self.shown(word))`"
        let upper = word.uppercased()
        let candidates = [upper, prefix + upper].filter { names.contains($0) }
        if let near = candidates.first ?? Suggestion.nearest(to: word, in: names) {
            message += "; did you mean `\(near)`?"
        } else if names.count <= 12 {
            message += "; expected one of " + names.joined(separator: ", ")
        }
        fail(.enum, node, at, message)
        return nil
    }

    /// The names of a list, each checked by ``word(_:_:_:prefix:)``; unknown ones are reported and left out.
    mutating func words(_ node: Node, _ at: Location, _ names: [String], prefix: String) -> [String] {
        (list(node, at) ?? []).compactMap { word($0.0, $0.1, names, prefix: prefix) }
    }
}
