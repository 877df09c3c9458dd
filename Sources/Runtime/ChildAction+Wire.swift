import Planner
import Spec

/// The tag byte of each ``ChildAction`` in the wire format: the one place its number is written, for the
/// writer and the reader alike. Parent actions never travel, so they have none.
enum ChildActionTag: UInt8, CaseIterable {
    case waitForParent = 1
    case writeTimeOffsets = 2
    case setHostname = 3
    case setDomainname = 4
    case makeMountsPrivate = 5
    case mount = 6
    case pivotRoot = 7
    case remountRootReadonly = 8
    case setIdentity = 9
    case changeDirectory = 10
    case setEnvironment = 11
    case startInit = 12
    case exec = 13
    case unshareCgroupNamespace = 14
}

/// Every ``ChildAction`` in the wire format: its ``ChildActionTag``, then its values.
extension WireWriter {
    mutating func tag(_ tag: ChildActionTag) { u8(tag.rawValue) }

    mutating func action(_ action: ChildAction) {
        switch action {
        case .waitForParent:
            tag(.waitForParent)
        case .unshareCgroupNamespace:
            tag(.unshareCgroupNamespace)
        case .writeTimeOffsets(let offsets):
            tag(.writeTimeOffsets); timeOffset(offsets.monotonic); timeOffset(offsets.boottime)
        case .setHostname(let name):
            tag(.setHostname); string(name)
        case .setDomainname(let name):
            tag(.setDomainname); string(name)
        case .makeMountsPrivate:
            tag(.makeMountsPrivate)
        case .mount(let index, let mount):
            tag(.mount); int(index); self.mount(mount)
        case .pivotRoot(let path):
            tag(.pivotRoot); string(path)
        case .remountRootReadonly:
            tag(.remountRootReadonly)
        case .setIdentity(let uid, let gid, let groups):
            tag(.setIdentity); u32(uid); u32(gid); array(groups) { w, g in w.u32(g) }
        case .changeDirectory(let path):
            tag(.changeDirectory); string(path)
        case .setEnvironment(let env):
            tag(.setEnvironment); strings(env)
        case .startInit:
            tag(.startInit)
        case .exec(let args):
            tag(.exec); strings(args)
        }
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
    mutating func action() throws(WireError) -> ChildAction {
        let byte = try u8()
        guard let tag = ChildActionTag(rawValue: byte) else {
            throw WireError(message: "unknown action tag \(byte) at byte \(offset - 1)")
        }
        switch tag {
        case .waitForParent:
            return .waitForParent
        case .unshareCgroupNamespace:
            return .unshareCgroupNamespace
        case .writeTimeOffsets:
            return .writeTimeOffsets(ContainerSpec.TimeOffsets(monotonic: try timeOffset(), boottime: try timeOffset()))
        case .setHostname:
            return .setHostname(try string())
        case .setDomainname:
            return .setDomainname(try string())
        case .makeMountsPrivate:
            return .makeMountsPrivate
        case .mount:
            return .mount(index: try int(), try mount())
        case .pivotRoot:
            return .pivotRoot(path: try string())
        case .remountRootReadonly:
            return .remountRootReadonly
        case .setIdentity:
            return .setIdentity(uid: try u32(), gid: try u32(),
                                additionalGids: try array { (r: inout WireReader) throws(WireError) in try r.u32() })
        case .changeDirectory:
            return .changeDirectory(try string())
        case .setEnvironment:
            return .setEnvironment(try strings())
        case .startInit:
            return .startInit
        case .exec:
            return .exec(try strings())
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
