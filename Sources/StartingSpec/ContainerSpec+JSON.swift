import Spec

/// A ``ContainerSpec`` written back as the OCI `config.json` vocabulary, the inverse of the loader: reading the
/// text gives the same model again (positions aside). Values the model holds as absent or empty are left out,
/// except `process.user` and `cwd`, which OCI requires.
extension ContainerSpec {
    /// How namespaces are written: OCI objects (`{type: pid}`) or, in YAML, the short form mydocker also reads
    /// (`pid`) for those without a path.
    public enum NamespaceStyle: Sendable {
        case objects, short
    }

    /// The spec as a JSON value, keys in a fixed order (top-level keys as people read a spec: where it runs,
    /// what it runs, then mounts and the Linux settings).
    public func jsonValue(namespaces style: NamespaceStyle = .objects) -> JSONValue {
        var m = Members()
        m.add("ociVersion", ociVersion.map(JSONValue.string))
        m.add("hostname", hostname.map(JSONValue.string))
        m.add("domainname", domainname.map(JSONValue.string))
        if !annotations.isEmpty {
            m.add("annotations", .object(annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        m.add("root", root.map(Self.json))
        m.add("process", Self.json(process))
        if !mounts.isEmpty { m.add("mounts", .array(mounts.map(Self.json))) }
        m.add("linux", Self.json(linux, style))
        if !hooks.isEmpty { m.add("hooks", Self.json(hooks)) }
        return m.value
    }

    /// `config.json` text: two-space indented JSON ending with a newline.
    public func jsonText() -> String {
        jsonValue().rendered() + "\n"
    }

    static func json(_ root: Root) -> JSONValue {
        var m = Members()
        m.add("path", .string(root.path))
        if root.readonly { m.add("readonly", .bool(true)) }
        return m.value
    }

    static func json(_ p: Process) -> JSONValue {
        var m = Members()
        if p.terminal { m.add("terminal", .bool(true)) }
        m.add("consoleSize", p.consoleSize.map { .object([("height", .int(Int64($0.height))), ("width", .int(Int64($0.width)))]) })
        m.add("args", strings(p.args))
        if !p.env.isEmpty { m.add("env", strings(p.env)) }
        m.add("cwd", .string(p.cwd))
        m.add("user", json(p.user))
        m.add("capabilities", p.capabilities.map(json))
        if !p.rlimits.isEmpty {
            m.add("rlimits", .array(p.rlimits.map { .object([("type", .string($0.type)), ("soft", number($0.soft)), ("hard", number($0.hard))]) }))
        }
        if p.noNewPrivileges { m.add("noNewPrivileges", .bool(true)) }
        m.add("oomScoreAdj", p.oomScoreAdj.map { .int(Int64($0)) })
        m.add("apparmorProfile", p.apparmorProfile.map(JSONValue.string))
        m.add("selinuxLabel", p.selinuxLabel.map(JSONValue.string))
        m.add("ioPriority", p.ioPriority.map { .object([("class", .string($0.ioClass)), ("priority", .int(Int64($0.priority)))]) })
        m.add("scheduler", p.scheduler.map(json))
        return m.value
    }

    static func json(_ u: User) -> JSONValue {
        var m = Members()
        m.add("uid", .int(Int64(u.uid)))
        m.add("gid", .int(Int64(u.gid)))
        if !u.additionalGids.isEmpty { m.add("additionalGids", .array(u.additionalGids.map { .int(Int64($0)) })) }
        m.add("umask", u.umask.map { .int(Int64($0)) })
        return m.value
    }

    static func json(_ c: Capabilities) -> JSONValue {
        var m = Members()
        for (name, set) in [("bounding", c.bounding), ("effective", c.effective), ("inheritable", c.inheritable),
                            ("permitted", c.permitted), ("ambient", c.ambient)] where !set.isEmpty {
            m.add(name, strings(set))
        }
        return m.value
    }

    static func json(_ s: Scheduler) -> JSONValue {
        var m = Members()
        m.add("policy", .string(s.policy))
        m.add("nice", s.nice.map { .int(Int64($0)) })
        m.add("priority", s.priority.map { .int(Int64($0)) })
        if !s.flags.isEmpty { m.add("flags", strings(s.flags)) }
        m.add("runtime", s.runtime.map(number))
        m.add("deadline", s.deadline.map(number))
        m.add("period", s.period.map(number))
        return m.value
    }

    static func json(_ mount: Mount) -> JSONValue {
        var m = Members()
        m.add("destination", .string(mount.destination))
        m.add("type", mount.type.map(JSONValue.string))
        m.add("source", mount.source.map(JSONValue.string))
        if !mount.options.isEmpty { m.add("options", strings(mount.options)) }
        return m.value
    }

    static func json(_ linux: Linux, _ style: NamespaceStyle) -> JSONValue {
        var m = Members()
        if !linux.namespaces.isEmpty {
            m.add("namespaces", .array(linux.namespaces.map { ns in
                if style == .short, ns.path == nil { return .string(ns.kind.rawValue) }
                var n = Members()
                n.add("type", .string(ns.kind.rawValue))
                n.add("path", ns.path.map(JSONValue.string))
                return n.value
            }))
        }
        if !linux.uidMappings.isEmpty { m.add("uidMappings", .array(linux.uidMappings.map(json))) }
        if !linux.gidMappings.isEmpty { m.add("gidMappings", .array(linux.gidMappings.map(json))) }
        m.add("timeOffsets", linux.timeOffsets.map(json))
        m.add("cgroupsPath", linux.cgroupsPath.map(JSONValue.string))
        m.add("resources", linux.resources.map(json))
        if !linux.devices.isEmpty { m.add("devices", .array(linux.devices.map(json))) }
        if !linux.sysctl.isEmpty {
            m.add("sysctl", .object(linux.sysctl.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        m.add("seccomp", linux.seccomp.map(json))
        if !linux.maskedPaths.isEmpty { m.add("maskedPaths", strings(linux.maskedPaths)) }
        if !linux.readonlyPaths.isEmpty { m.add("readonlyPaths", strings(linux.readonlyPaths)) }
        m.add("rootfsPropagation", linux.rootfsPropagation.map(JSONValue.string))
        m.add("personality", linux.personality.map { p in
            var members = Members()
            members.add("domain", .string(p.domain))
            if !p.flags.isEmpty { members.add("flags", strings(p.flags)) }
            return members.value
        })
        m.add("mountLabel", linux.mountLabel.map(JSONValue.string))
        return m.value
    }

    static func json(_ id: IDMapping) -> JSONValue {
        .object([("containerID", .int(Int64(id.containerID))), ("hostID", .int(Int64(id.hostID))), ("size", .int(Int64(id.size)))])
    }

    static func json(_ offsets: TimeOffsets) -> JSONValue {
        var m = Members()
        for (name, offset) in [("monotonic", offsets.monotonic), ("boottime", offsets.boottime)] {
            m.add(name, offset.map { .object([("secs", .int($0.secs)), ("nanosecs", .int(Int64($0.nanosecs)))]) })
        }
        return m.value
    }

    static func json(_ d: Device) -> JSONValue {
        var m = Members()
        m.add("path", .string(d.path))
        m.add("type", .string(d.type))
        if d.type != "p" {
            m.add("major", .int(d.major))
            m.add("minor", .int(d.minor))
        }
        m.add("fileMode", d.fileMode.map { .int(Int64($0)) })
        m.add("uid", d.uid.map { .int(Int64($0)) })
        m.add("gid", d.gid.map { .int(Int64($0)) })
        return m.value
    }

    static func json(_ s: Seccomp) -> JSONValue {
        var m = Members()
        m.add("defaultAction", .string(s.defaultAction))
        m.add("defaultErrnoRet", s.defaultErrnoRet.map { .int(Int64($0)) })
        if !s.architectures.isEmpty { m.add("architectures", strings(s.architectures)) }
        if !s.flags.isEmpty { m.add("flags", strings(s.flags)) }
        m.add("listenerPath", s.listenerPath.map(JSONValue.string))
        m.add("listenerMetadata", s.listenerMetadata.map(JSONValue.string))
        if !s.syscalls.isEmpty {
            m.add("syscalls", .array(s.syscalls.map { call in
                var c = Members()
                c.add("names", strings(call.names))
                c.add("action", .string(call.action))
                c.add("errnoRet", call.errnoRet.map { .int(Int64($0)) })
                if !call.args.isEmpty {
                    c.add("args", .array(call.args.map { a in
                        var arg = Members()
                        arg.add("index", .int(Int64(a.index)))
                        arg.add("value", number(a.value))
                        if a.valueTwo != 0 { arg.add("valueTwo", number(a.valueTwo)) }
                        arg.add("op", .string(a.op))
                        return arg.value
                    }))
                }
                return c.value
            }))
        }
        return m.value
    }

    static func json(_ hooks: Hooks) -> JSONValue {
        var m = Members()
        for (name, list) in [("prestart", hooks.prestart), ("createRuntime", hooks.createRuntime), ("createContainer", hooks.createContainer),
                             ("startContainer", hooks.startContainer), ("poststart", hooks.poststart), ("poststop", hooks.poststop)]
        where !list.isEmpty {
            m.add(name, .array(list.map { hook in
                var h = Members()
                h.add("path", .string(hook.path))
                if !hook.args.isEmpty { h.add("args", strings(hook.args)) }
                if !hook.env.isEmpty { h.add("env", strings(hook.env)) }
                h.add("timeout", hook.timeout.map(JSONValue.int))
                return h.value
            }))
        }
        return m.value
    }

    static func strings(_ list: [String]) -> JSONValue {
        .array(list.map(JSONValue.string))
    }

    /// An unsigned number, as `.int` while it fits (so that it prints the same either way).
    static func number(_ n: UInt64) -> JSONValue {
        n <= UInt64(Int64.max) ? .int(Int64(n)) : .uint(n)
    }
}

/// The members of a JSON object being built, in order; absent values are left out.
struct Members {
    private(set) var list: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { list.append((key, value)) }
    }

    var value: JSONValue { .object(list) }
}
