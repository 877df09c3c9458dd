import DidYouMean
import YAML

extension SpecDecoder {
    /// The whole document. nil when it is not a mapping at all.
    mutating func spec(_ document: Node) -> ContainerSpec? {
        positions[""] = SourcePosition(document.start)
        if case .null = document.resolved {
            report(.emptyFile, at: Mark(line: 1, column: 1), "the document is empty: a spec needs at least `process.args`")
            return nil
        }
        guard let fields = object(document, .root, SpecSchema.spec) else { return nil }
        var spec = ContainerSpec(process: ContainerSpec.Process(args: []), source: SpecSource(file: file, baseDirectory: baseDirectory))
        for f in fields {
            switch f.key {
            case "ociVersion": spec.ociVersion = string(f.value, f.location)
            case "hostname": spec.hostname = string(f.value, f.location)
            case "domainname": spec.domainname = string(f.value, f.location)
            case "annotations": spec.annotations = annotations(f.value, f.location)
            case "process": spec.process = process(f.value, f.location) ?? spec.process
            case "root": spec.root = root(f.value, f.location)
            case "mounts": spec.mounts = mounts(f.value, f.location)
            case "linux": spec.linux = linux(f.value, f.location)
            case "hooks": spec.hooks = hooks(f.value, f.location)
            case "network": spec.network = network(f.value, f.location)
            default: break
            }
        }
        spec.source.positions = positions
        return spec
    }

    mutating func annotations(_ node: Node, _ at: Location) -> [String: String] {
        guard let fields = object(node, at, SpecSchema.annotations) else { return [:] }
        var out: [String: String] = [:]
        for f in fields {
            guard let value = string(f.value, f.location) else { continue }
            if f.key == SpecSchema.initAnnotation, value != "true", value != "false" {
                report(.invalidAnnotation, at: f.value.start, "annotation `\(f.key)` must be \"true\" or \"false\", found `\(value)`")
                continue
            }
            out[f.key] = value
        }
        return out
    }

    mutating func process(_ node: Node, _ at: Location) -> ContainerSpec.Process? {
        guard let fields = object(node, at, SpecSchema.process) else { return nil }
        var p = ContainerSpec.Process(args: [])
        for f in fields {
            switch f.key {
            case "args": p.args = words(f.value, f.location)
            case "env": (p.env, origins.env) = stringsWithOrigins(f.value, f.location)
            case "cwd": p.cwd = string(f.value, f.location) ?? p.cwd
            case "user": p.user = user(f.value, f.location) ?? p.user
            case "terminal": p.terminal = bool(f.value, f.location) ?? p.terminal
            case "capabilities": p.capabilities = capabilities(f.value, f.location)
            case "rlimits": p.rlimits = rlimits(f.value, f.location)
            case "noNewPrivileges": p.noNewPrivileges = bool(f.value, f.location) ?? false
            case "oomScoreAdj": p.oomScoreAdj = integer(f.value, f.location, in: -1000...1000).map { Int32($0) }
            case "apparmorProfile": p.apparmorProfile = string(f.value, f.location)
            case "selinuxLabel": p.selinuxLabel = string(f.value, f.location)
            case "consoleSize": p.consoleSize = consoleSize(f.value, f.location)
            case "ioPriority": p.ioPriority = ioPriority(f.value, f.location)
            case "scheduler": p.scheduler = scheduler(f.value, f.location)
            default: break
            }
        }
        return p
    }

    mutating func user(_ node: Node, _ at: Location) -> ContainerSpec.User? {
        guard let fields = object(node, at, SpecSchema.user) else { return nil }
        var u = ContainerSpec.User()
        for f in fields {
            switch f.key {
            case "uid": u.uid = uint32(f.value, f.location) ?? u.uid
            case "gid": u.gid = uint32(f.value, f.location) ?? u.gid
            case "additionalGids":
                u.additionalGids = (list(f.value, f.location) ?? []).compactMap { uint32($0.0, $0.1) }
            case "umask": u.umask = integer(f.value, f.location, in: 0...0o777).map { UInt32($0) }
            default: break
            }
        }
        return u
    }

    mutating func root(_ node: Node, _ at: Location) -> ContainerSpec.Root? {
        guard let fields = object(node, at, SpecSchema.root) else { return nil }
        var path: String?
        var readonly = false
        for f in fields {
            switch f.key {
            case "path": path = string(f.value, f.location)
            case "readonly": readonly = bool(f.value, f.location) ?? readonly
            default: break
            }
        }
        guard let path else { return nil }
        return ContainerSpec.Root(path: path, resolvedPath: PathText.resolve(path, against: baseDirectory), readonly: readonly)
    }

    mutating func mounts(_ node: Node, _ at: Location) -> [ContainerSpec.Mount] {
        var out: [ContainerSpec.Mount] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.mount) else { continue }
            var destination: String?
            var type: String?
            var source: String?
            var options: [String] = []
            var optionOrigins: [String] = []
            for f in fields {
                switch f.key {
                case "destination": destination = string(f.value, f.location)
                case "type": type = string(f.value, f.location)
                case "source": source = string(f.value, f.location)
                case "options": (options, optionOrigins) = stringsWithOrigins(f.value, f.location)
                default: break
                }
            }
            guard let destination else { continue }
            var mount = ContainerSpec.Mount(destination: destination, type: type, source: source, options: options)
            if let source, mount.isBind || mount.isLoop {
                mount.resolvedSource = PathText.resolve(source, against: baseDirectory)
            }
            out.append(mount)
            origins.mounts.append(loc.pointer)
            origins.mountOptions.append(optionOrigins)
        }
        return out
    }

    mutating func linux(_ node: Node, _ at: Location) -> ContainerSpec.Linux {
        var linux = ContainerSpec.Linux()
        guard let fields = object(node, at, SpecSchema.linux) else { return linux }
        for f in fields {
            switch f.key {
            case "namespaces": linux.namespaces = namespaces(f.value, f.location)
            case "uidMappings":
                (linux.uidMappings, origins.uidMappings) = mappings(f.value, f.location)
            case "gidMappings":
                (linux.gidMappings, origins.gidMappings) = mappings(f.value, f.location)
            case "timeOffsets": linux.timeOffsets = timeOffsets(f.value, f.location)
            case "cgroupsPath": linux.cgroupsPath = string(f.value, f.location)
            case "resources": linux.resources = resources(f.value, f.location)
            case "seccomp": linux.seccomp = seccomp(f.value, f.location)
            case "devices": linux.devices = devices(f.value, f.location)
            case "sysctl": linux.sysctl = sysctl(f.value, f.location)
            case "maskedPaths": (linux.maskedPaths, origins.maskedPaths) = stringsWithOrigins(f.value, f.location)
            case "readonlyPaths": (linux.readonlyPaths, origins.readonlyPaths) = stringsWithOrigins(f.value, f.location)
            case "rootfsPropagation":
                linux.rootfsPropagation = word(f.value, f.location, ProcessNames.rootfsPropagations, prefix: "")
            case "personality": linux.personality = personality(f.value, f.location)
            case "mountLabel": linux.mountLabel = string(f.value, f.location)
            default: break
            }
        }
        return linux
    }

    mutating func namespaces(_ node: Node, _ at: Location) -> [ContainerSpec.Namespace] {
        var out: [ContainerSpec.Namespace] = []
        for (item, loc) in list(node, at) ?? [] {
            if item.scalar != nil {
                // The short form: `- uts`.
                positions[loc.pointer + "/type"] = SourcePosition(item.start)
                if let kind = namespaceKind(item, loc) {
                    out.append(ContainerSpec.Namespace(kind))
                    origins.namespaces.append(loc.pointer)
                }
                continue
            }
            guard item.mapping != nil else {
                typeError(item, loc, expected: "a namespace type (such as `uts`) or a mapping with `type` and `path`")
                continue
            }
            guard let fields = object(item, loc, SpecSchema.namespaceObject) else { continue }
            var kind: NamespaceKind?
            var path: String?
            for f in fields {
                switch f.key {
                case "type": kind = namespaceKind(f.value, f.location)
                case "path": path = string(f.value, f.location)
                default: break
                }
            }
            if let kind {
                out.append(ContainerSpec.Namespace(kind, path: path))
                origins.namespaces.append(loc.pointer)
            }
        }
        return out
    }

    mutating func namespaceKind(_ node: Node, _ at: Location) -> NamespaceKind? {
        let names = NamespaceKind.allCases.map(\.rawValue)
        guard case .string(let word) = node.resolved else {
            typeError(node, at, expected: "one of " + names.joined(separator: ", "))
            return nil
        }
        if let kind = NamespaceKind(rawValue: word) { return kind }
        var message = "`\(at.name)` must be one of \(names.joined(separator: ", ")); found `\(word)`"
        let byProcName = NamespaceKind.allCases.first { $0.procName == word }?.rawValue
        if let near = byProcName ?? Suggestion.nearest(to: word, in: names) {
            message += "; did you mean `\(near)`?"
        }
        report(.enum, at: node.start, message)
        return nil
    }

    mutating func mappings(_ node: Node, _ at: Location) -> ([ContainerSpec.IDMapping], [String]) {
        var out: [ContainerSpec.IDMapping] = []
        var origins: [String] = []
        for (item, loc) in list(node, at) ?? [] {
            guard let fields = object(item, loc, SpecSchema.idMapping) else { continue }
            var containerID: UInt32?
            var hostID: UInt32?
            var size: UInt32?
            for f in fields {
                switch f.key {
                case "containerID": containerID = uint32(f.value, f.location)
                case "hostID": hostID = uint32(f.value, f.location)
                case "size": size = uint32(f.value, f.location)
                default: break
                }
            }
            if let containerID, let hostID, let size {
                out.append(ContainerSpec.IDMapping(containerID: containerID, hostID: hostID, size: size))
                origins.append(loc.pointer)
            }
        }
        return (out, origins)
    }

    mutating func timeOffsets(_ node: Node, _ at: Location) -> ContainerSpec.TimeOffsets? {
        guard let fields = object(node, at, SpecSchema.timeOffsets) else { return nil }
        var offsets = ContainerSpec.TimeOffsets()
        for f in fields {
            let offset = timeOffset(f.value, f.location)
            switch f.key {
            case "monotonic": offsets.monotonic = offset
            case "boottime": offsets.boottime = offset
            default: break
            }
        }
        return offsets
    }

    mutating func timeOffset(_ node: Node, _ at: Location) -> ContainerSpec.TimeOffsets.Offset? {
        guard let fields = object(node, at, SpecSchema.timeOffset) else { return nil }
        var offset = ContainerSpec.TimeOffsets.Offset(secs: 0)
        for f in fields {
            switch f.key {
            case "secs": offset.secs = integer(f.value, f.location, in: Int64.min...Int64.max) ?? 0
            case "nanosecs": offset.nanosecs = integer(f.value, f.location, in: 0...999_999_999).map { UInt32($0) } ?? 0
            default: break
            }
        }
        return offset
    }
}
