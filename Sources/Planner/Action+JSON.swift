import Spec

extension Action {
    /// The case name, as `mydocker plan --format json` prints it under `"action"`: `preflight`, `attachLoop`, …
    public var name: String {
        switch self {
        case .parent(let action): action.name
        case .child(let action): action.name
        }
    }

    /// The values the action carries, as JSON members; names follow the OCI spec's where it has them
    /// (`containerID`, `hostID`, `size`, `additionalGids`, `secs`, `nanosecs`), namespaces by their OCI `type`.
    public var jsonFields: [(String, JSONValue)] {
        switch self {
        case .parent(let action): action.jsonFields
        case .child(let action): action.jsonFields
        }
    }
}

extension ParentAction {
    /// See ``Action/name``.
    public var name: String {
        switch self {
        case .preflight: "preflight"
        case .attachLoop: "attachLoop"
        case .prepareLoopMount: "prepareLoopMount"
        case .allocateTerminal: "allocateTerminal"
        case .joinNamespace: "joinNamespace"
        case .createNamespaces: "createNamespaces"
        case .createCgroup: "createCgroup"
        case .enterCgroup: "enterCgroup"
        case .setgroups: "setgroups"
        case .writeUIDMap: "writeUIDMap"
        case .writeGIDMap: "writeGIDMap"
        case .setUpNetwork: "setUpNetwork"
        }
    }

    /// See ``Action/jsonFields``.
    public var jsonFields: [(String, JSONValue)] {
        switch self {
        case .preflight(let checks):
            return [("checks", .array(checks.map(\.json)))]
        case .attachLoop(let mount, let image, let readOnly):
            return [("mount", .int(Int64(mount))), ("image", .string(image)), ("readOnly", .bool(readOnly))]
        case .prepareLoopMount(let mount, let fsType, let options):
            return [("mount", .int(Int64(mount))), ("fsType", .string(fsType)), ("options", .strings(options))]
        case .joinNamespace(let kind, let path):
            return [("namespace", .string(kind.rawValue)), ("path", .string(path))]
        case .createNamespaces(let kinds):
            return [("namespaces", .strings(kinds.map(\.rawValue)))]
        case .setgroups(let allow):
            return [("allow", .bool(allow))]
        case .writeUIDMap(let mappings), .writeGIDMap(let mappings):
            return [("mappings", .array(mappings.map(\.json)))]
        case .createCgroup(let path, let resources):
            return [("path", path.map(JSONValue.string) ?? .null), ("limits", .strings(resources?.limitWords ?? []))]
        case .allocateTerminal, .enterCgroup:
            return []
        case .setUpNetwork(let network):
            return Action.networkJSON(network)
        }
    }
}

extension ChildAction {
    /// See ``Action/name``.
    public var name: String {
        switch self {
        case .waitForParent: "waitForParent"
        case .unshareCgroupNamespace: "unshareCgroupNamespace"
        case .writeTimeOffsets: "writeTimeOffsets"
        case .setHostname: "setHostname"
        case .setDomainname: "setDomainname"
        case .writeSysctls: "writeSysctls"
        case .makeMountsPrivate: "makeMountsPrivate"
        case .bindNetworkFiles: "bindNetworkFiles"
        case .mount: "mount"
        case .createDevices: "createDevices"
        case .awaitRuntimeHooks: "awaitRuntimeHooks"
        case .runHooks: "runHooks"
        case .pivotRoot: "pivotRoot"
        case .setRootPropagation: "setRootPropagation"
        case .remountRootReadonly: "remountRootReadonly"
        case .makePathsReadonly: "makePathsReadonly"
        case .maskPaths: "maskPaths"
        case .setRlimits: "setRlimits"
        case .setOOMScoreAdj: "setOOMScoreAdj"
        case .setPersonality: "setPersonality"
        case .setIOPriority: "setIOPriority"
        case .setScheduler: "setScheduler"
        case .setExecLabels: "setExecLabels"
        case .limitBoundingSet: "limitBoundingSet"
        case .setIdentity: "setIdentity"
        case .setCapabilities: "setCapabilities"
        case .setUmask: "setUmask"
        case .changeDirectory: "changeDirectory"
        case .setEnvironment: "setEnvironment"
        case .setNoNewPrivileges: "setNoNewPrivileges"
        case .installSeccomp: "installSeccomp"
        case .startInit: "startInit"
        case .exec: "exec"
        }
    }

    /// See ``Action/jsonFields``.
    public var jsonFields: [(String, JSONValue)] {
        switch self {
        case .writeTimeOffsets(let offsets):
            return [("timeOffsets", offsets.json)]
        case .setHostname(let name):
            return [("hostname", .string(name))]
        case .setDomainname(let name):
            return [("domainname", .string(name))]
        case .mount(let index, let mount):
            return [("index", .int(Int64(index)))] + mount.jsonFields
        case .pivotRoot(let path):
            return [("path", .string(path))]
        case .setIdentity(let uid, let gid, let groups):
            return [("uid", .int(Int64(uid))), ("gid", .int(Int64(gid))), ("additionalGids", .array(groups.map { .int(Int64($0)) }))]
        case .changeDirectory(let path):
            return [("path", .string(path))]
        case .setEnvironment(let env):
            return [("env", .strings(env))]
        case .exec(let args):
            return [("args", .strings(args))]
        case .writeSysctls(let values):
            return [("sysctl", .object(values.keys.sorted().map { ($0, .string(values[$0] ?? "")) }))]
        case .createDevices(let devices, let links):
            return [("devices", .array(devices.map(\.json))), ("defaultLinks", .bool(links))]
        case .setRootPropagation(let propagation):
            return [("propagation", .string(propagation))]
        case .awaitRuntimeHooks(let prestart, let createRuntime):
            return [("prestart", .array(prestart.map(\.json))), ("createRuntime", .array(createRuntime.map(\.json)))]
        case .runHooks(let stage, let hooks):
            return [("stage", .string(stage)), ("hooks", .array(hooks.map(\.json)))]
        case .makePathsReadonly(let paths), .maskPaths(let paths), .bindNetworkFiles(let paths):
            return [("paths", .strings(paths))]
        case .setRlimits(let limits):
            return [("rlimits", .array(limits.map { .object([("type", .string($0.type)), ("soft", .uint($0.soft)), ("hard", .uint($0.hard))]) }))]
        case .setOOMScoreAdj(let adj):
            return [("oomScoreAdj", .int(Int64(adj)))]
        case .setPersonality(let p):
            return [("domain", .string(p.domain)), ("flags", .strings(p.flags))]
        case .setIOPriority(let p):
            return [("class", .string(p.ioClass)), ("priority", .int(Int64(p.priority)))]
        case .setScheduler(let s):
            var fields: [(String, JSONValue)] = [("policy", .string(s.policy))]
            if let nice = s.nice { fields.append(("nice", .int(Int64(nice)))) }
            if let priority = s.priority { fields.append(("priority", .int(Int64(priority)))) }
            if !s.flags.isEmpty { fields.append(("flags", .strings(s.flags))) }
            for (key, value) in [("runtime", s.runtime), ("deadline", s.deadline), ("period", s.period)] {
                if let value { fields.append((key, .uint(value))) }
            }
            return fields
        case .setExecLabels(let apparmor, let selinux):
            return [("apparmorProfile", apparmor.map(JSONValue.string) ?? .null), ("selinuxLabel", selinux.map(JSONValue.string) ?? .null)]
        case .limitBoundingSet(let caps):
            return [("bounding", .strings(caps))]
        case .setCapabilities(let c):
            return [("effective", .strings(c.effective)), ("permitted", .strings(c.permitted)),
                    ("inheritable", .strings(c.inheritable)), ("ambient", .strings(c.ambient))]
        case .setUmask(let mask):
            return [("umask", .int(Int64(mask)))]
        case .installSeccomp(let seccomp):
            return [("defaultAction", .string(seccomp.defaultAction)), ("rules", .int(Int64(seccomp.syscalls.count))),
                    ("architectures", .strings(seccomp.architectures))]
        case .waitForParent, .unshareCgroupNamespace, .makeMountsPrivate, .remountRootReadonly, .startInit, .setNoNewPrivileges:
            return []
        }
    }
}

extension PreflightCheck {
    /// `{"check": "namespaceSupported", "namespace": "uts"}`, …
    var json: JSONValue {
        switch self {
        case .runningAsRoot:
            .object([("check", .string("runningAsRoot"))])
        case .namespaceSupported(let kind):
            .object([("check", .string("namespaceSupported")), ("namespace", .string(kind.rawValue))])
        case .rootfsExists(let path):
            .object([("check", .string("rootfsExists")), ("path", .string(path))])
        case .mountSourceExists(let index, let path):
            .object([("check", .string("mountSourceExists")), ("mount", .int(Int64(index))), ("path", .string(path))])
        case .namespacePathExists(let kind, let path):
            .object([("check", .string("namespacePathExists")), ("namespace", .string(kind.rawValue)), ("path", .string(path))])
        case .securityModuleActive(let module):
            .object([("check", .string("securityModuleActive")), ("module", .string(module))])
        }
    }
}

extension ContainerSpec.IDMapping {
    var json: JSONValue {
        .object([("containerID", .int(Int64(containerID))), ("hostID", .int(Int64(hostID))), ("size", .int(Int64(size)))])
    }
}

extension ContainerSpec.TimeOffsets {
    /// `{"monotonic": {"secs": 86400, "nanosecs": 0}}`, as in the OCI spec's `linux.timeOffsets`.
    var json: JSONValue {
        var members: [(String, JSONValue)] = []
        for (name, offset) in [("monotonic", monotonic), ("boottime", boottime)] {
            if let offset {
                members.append((name, .object([("secs", .int(offset.secs)), ("nanosecs", .int(Int64(offset.nanosecs)))])))
            }
        }
        return .object(members)
    }
}

extension ContainerSpec.Mount {
    /// `destination`, `type`, `source` (as written), `resolvedSource`, `options`; a key the spec has no value for is left out.
    var jsonFields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("destination", .string(destination))]
        if let type { fields.append(("type", .string(type))) }
        if let source { fields.append(("source", .string(source))) }
        if let resolvedSource { fields.append(("resolvedSource", .string(resolvedSource))) }
        return fields + [("options", .strings(options))]
    }
}

extension JSONValue {
    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}

extension ContainerSpec.Device {
    /// `{"path": "/dev/null", "type": "c", "major": 1, "minor": 3, "fileMode": 438, "uid": 0, "gid": 0}`.
    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("path", .string(path)), ("type", .string(type)), ("major", .int(major)), ("minor", .int(minor))]
        if let fileMode { fields.append(("fileMode", .int(Int64(fileMode)))) }
        if let uid { fields.append(("uid", .int(Int64(uid)))) }
        if let gid { fields.append(("gid", .int(Int64(gid)))) }
        return .object(fields)
    }
}

extension ContainerSpec.Hook {
    /// `{"path": "/usr/bin/hook", "args": [...], "env": [...], "timeout": 5}`, as in the OCI spec's `hooks`.
    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("path", .string(path))]
        if !args.isEmpty { fields.append(("args", .strings(args))) }
        if !env.isEmpty { fields.append(("env", .strings(env))) }
        if let timeout { fields.append(("timeout", .int(timeout))) }
        return .object(fields)
    }
}
