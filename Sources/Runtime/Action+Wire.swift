import Planner
import Spec

/// Every ``Action`` in the wire format: a tag byte, then its values.
extension WireWriter {
    mutating func action(_ action: Action) {
        switch action {
        case .preflight(let checks):
            u8(1)
            array(checks) { w, check in w.preflightCheck(check) }
        case .attachLoop(let mount, let image, let readOnly):
            u8(2); int(mount); string(image); bool(readOnly)
        case .prepareLoopMount(let mount, let fsType, let options):
            u8(3); int(mount); string(fsType); strings(options)
        case .createNamespaces(let kinds):
            u8(4); strings(kinds.map(\.rawValue))
        case .joinNamespace(let kind, let path):
            u8(5); string(kind.rawValue); string(path)
        case .setgroups(let allow):
            u8(6); bool(allow)
        case .writeUIDMap(let mappings):
            u8(7); idMappings(mappings)
        case .writeGIDMap(let mappings):
            u8(8); idMappings(mappings)
        case .writeTimeOffsets(let offsets):
            u8(9); timeOffset(offsets.monotonic); timeOffset(offsets.boottime)
        case .waitForParent:
            u8(10)
        case .setHostname(let name):
            u8(11); string(name)
        case .setDomainname(let name):
            u8(12); string(name)
        case .makeMountsPrivate:
            u8(13)
        case .mount(let index, let mount):
            u8(14); int(index); self.mount(mount)
        case .pivotRoot(let path):
            u8(15); string(path)
        case .remountRootReadonly:
            u8(16)
        case .setIdentity(let uid, let gid, let groups):
            u8(17); u32(uid); u32(gid); array(groups) { w, g in w.u32(g) }
        case .changeDirectory(let path):
            u8(18); string(path)
        case .setEnvironment(let env):
            u8(19); strings(env)
        case .allocateTerminal:
            u8(20)
        case .startInit:
            u8(21)
        case .exec(let args):
            u8(22); strings(args)
        }
    }

    mutating func preflightCheck(_ check: PreflightCheck) {
        switch check {
        case .runningAsRoot: u8(1)
        case .namespaceSupported(let kind): u8(2); string(kind.rawValue)
        case .rootfsExists(let path): u8(3); string(path)
        case .mountSourceExists(let index, let path): u8(4); int(index); string(path)
        case .namespacePathExists(let kind, let path): u8(5); string(kind.rawValue); string(path)
        }
    }

    mutating func idMappings(_ mappings: [ContainerSpec.IDMapping]) {
        array(mappings) { w, m in w.u32(m.containerID); w.u32(m.hostID); w.u32(m.size) }
    }

    mutating func timeOffset(_ offset: ContainerSpec.TimeOffsets.Offset?) {
        bool(offset != nil)
        if let offset { i64(offset.secs); u32(offset.nanosecs) }
    }

    mutating func mount(_ m: ContainerSpec.Mount) {
        string(m.destination)
        optionalString(m.type)
        optionalString(m.source)
        optionalString(m.resolvedSource)
        strings(m.options)
    }
}

extension WireReader {
    mutating func action() throws(WireError) -> Action {
        let tag = try u8()
        switch tag {
        case 1:
            return .preflight(try array { (r: inout WireReader) throws(WireError) in try r.preflightCheck() })
        case 2:
            return .attachLoop(mount: try int(), image: try string(), readOnly: try bool())
        case 3:
            return .prepareLoopMount(mount: try int(), fsType: try string(), options: try strings())
        case 4:
            var kinds: [NamespaceKind] = []
            for name in try strings() { kinds.append(try namespaceKind(name)) }
            return .createNamespaces(kinds)
        case 5:
            return .joinNamespace(try namespaceKind(try string()), path: try string())
        case 6:
            return .setgroups(allow: try bool())
        case 7:
            return .writeUIDMap(try idMappings())
        case 8:
            return .writeGIDMap(try idMappings())
        case 9:
            return .writeTimeOffsets(ContainerSpec.TimeOffsets(monotonic: try timeOffset(), boottime: try timeOffset()))
        case 10: return .waitForParent
        case 11: return .setHostname(try string())
        case 12: return .setDomainname(try string())
        case 13: return .makeMountsPrivate
        case 14: return .mount(index: try int(), try mount())
        case 15: return .pivotRoot(path: try string())
        case 16: return .remountRootReadonly
        case 17:
            return .setIdentity(uid: try u32(), gid: try u32(),
                                additionalGids: try array { (r: inout WireReader) throws(WireError) in try r.u32() })
        case 18: return .changeDirectory(try string())
        case 19: return .setEnvironment(try strings())
        case 20: return .allocateTerminal
        case 21: return .startInit
        case 22: return .exec(try strings())
        default: throw WireError(message: "unknown action tag \(tag) at byte \(offset - 1)")
        }
    }

    mutating func preflightCheck() throws(WireError) -> PreflightCheck {
        let tag = try u8()
        switch tag {
        case 1: return .runningAsRoot
        case 2: return .namespaceSupported(try namespaceKind(try string()))
        case 3: return .rootfsExists(try string())
        case 4: return .mountSourceExists(index: try int(), path: try string())
        case 5: return .namespacePathExists(try namespaceKind(try string()), path: try string())
        default: throw WireError(message: "unknown preflight check tag \(tag) at byte \(offset - 1)")
        }
    }

    mutating func namespaceKind(_ name: String) throws(WireError) -> NamespaceKind {
        guard let kind = NamespaceKind(rawValue: name) else { throw WireError(message: "unknown namespace kind \(name)") }
        return kind
    }

    mutating func idMappings() throws(WireError) -> [ContainerSpec.IDMapping] {
        try array { (r: inout WireReader) throws(WireError) in
            ContainerSpec.IDMapping(containerID: try r.u32(), hostID: try r.u32(), size: try r.u32())
        }
    }

    mutating func timeOffset() throws(WireError) -> ContainerSpec.TimeOffsets.Offset? {
        guard try bool() else { return nil }
        return ContainerSpec.TimeOffsets.Offset(secs: try i64(), nanosecs: try u32())
    }

    mutating func mount() throws(WireError) -> ContainerSpec.Mount {
        let destination = try string()
        let type = try optionalString()
        let source = try optionalString()
        let resolved = try optionalString()
        var m = ContainerSpec.Mount(destination: destination, type: type, source: source, options: try strings())
        m.resolvedSource = resolved
        return m
    }
}
