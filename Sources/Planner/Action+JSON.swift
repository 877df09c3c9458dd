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
        case .makeMountsPrivate: "makeMountsPrivate"
        case .mount: "mount"
        case .pivotRoot: "pivotRoot"
        case .remountRootReadonly: "remountRootReadonly"
        case .setIdentity: "setIdentity"
        case .changeDirectory: "changeDirectory"
        case .setEnvironment: "setEnvironment"
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
        case .waitForParent, .unshareCgroupNamespace, .makeMountsPrivate, .remountRootReadonly, .startInit:
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
