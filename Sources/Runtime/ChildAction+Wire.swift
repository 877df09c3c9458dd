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
    case writeSysctls = 15
    case createDevices = 16
    case setRootPropagation = 17
    case makePathsReadonly = 18
    case maskPaths = 19
    case setRlimits = 20
    case setOOMScoreAdj = 21
    case setPersonality = 22
    case setIOPriority = 23
    case setScheduler = 24
    case limitBoundingSet = 25
    case setCapabilities = 26
    case setUmask = 27
    case setNoNewPrivileges = 28
    case awaitRuntimeHooks = 29
    case runHooks = 30
    case setExecLabels = 31
    /// Only the tag travels: the child installs the program the parent compiled (``ChildProgram/seccomp``), and
    /// the parent describes the step from its own plan, so the profile (hundreds of names) is not sent twice.
    case installSeccomp = 32
    case bindNetworkFiles = 33
}

extension ChildActionTag {
    /// What an ``ChildAction/installSeccomp(_:)`` step holds in the child: the profile itself stays in the parent.
    static let seccompPlaceholder = ContainerSpec.Seccomp(defaultAction: "")
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
        case .bindNetworkFiles(let paths):
            tag(.bindNetworkFiles); strings(paths)
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
        case .writeSysctls(let values):
            tag(.writeSysctls); let names = values.keys.sorted(); strings(names); strings(names.map { values[$0] ?? "" })
        case .createDevices(let devices, let links):
            tag(.createDevices); array(devices) { w, d in w.device(d) }; bool(links)
        case .setRootPropagation(let propagation):
            tag(.setRootPropagation); string(propagation)
        case .makePathsReadonly(let paths):
            tag(.makePathsReadonly); strings(paths)
        case .maskPaths(let paths):
            tag(.maskPaths); strings(paths)
        case .setRlimits(let limits):
            tag(.setRlimits); array(limits) { w, l in w.string(l.type); w.u64(l.soft); w.u64(l.hard) }
        case .setOOMScoreAdj(let adj):
            tag(.setOOMScoreAdj); i32(adj)
        case .setPersonality(let p):
            tag(.setPersonality); string(p.domain); strings(p.flags)
        case .setIOPriority(let p):
            tag(.setIOPriority); string(p.ioClass); i32(p.priority)
        case .setScheduler(let s):
            tag(.setScheduler); string(s.policy); optionalI32(s.nice); optionalI32(s.priority); strings(s.flags)
            optionalU64(s.runtime); optionalU64(s.deadline); optionalU64(s.period)
        case .limitBoundingSet(let caps):
            tag(.limitBoundingSet); strings(caps)
        case .setCapabilities(let c):
            tag(.setCapabilities); strings(c.bounding); strings(c.effective); strings(c.inheritable); strings(c.permitted); strings(c.ambient)
        case .setUmask(let mask):
            tag(.setUmask); u32(mask)
        case .setNoNewPrivileges:
            tag(.setNoNewPrivileges)
        case .awaitRuntimeHooks(let prestart, let createRuntime):
            tag(.awaitRuntimeHooks); array(prestart) { w, h in w.hook(h) }; array(createRuntime) { w, h in w.hook(h) }
        case .runHooks(let stage, let hooks):
            tag(.runHooks); string(stage); array(hooks) { w, h in w.hook(h) }
        case .setExecLabels(let apparmor, let selinux):
            tag(.setExecLabels); optionalString(apparmor); optionalString(selinux)
        case .installSeccomp:
            tag(.installSeccomp)
        }
    }

    mutating func hook(_ h: ContainerSpec.Hook) {
        string(h.path); strings(h.args); strings(h.env); bool(h.timeout != nil)
        if let timeout = h.timeout { i64(timeout) }
    }

    mutating func device(_ d: ContainerSpec.Device) {
        string(d.path); string(d.type); i64(d.major); i64(d.minor); optionalU32(d.fileMode); optionalU32(d.uid); optionalU32(d.gid)
    }

    mutating func optionalU32(_ v: UInt32?) {
        bool(v != nil)
        if let v { u32(v) }
    }

    mutating func optionalI32(_ v: Int32?) {
        bool(v != nil)
        if let v { i32(v) }
    }

    mutating func optionalU64(_ v: UInt64?) {
        bool(v != nil)
        if let v { u64(v) }
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
        case .bindNetworkFiles:
            return .bindNetworkFiles(try strings())
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
        case .writeSysctls:
            let names = try strings(), values = try strings()
            guard names.count == values.count else { throw WireError(message: "sysctl names and values differ in number") }
            return .writeSysctls(Dictionary(zip(names, values), uniquingKeysWith: { _, last in last }))
        case .createDevices:
            return .createDevices(try array { (r: inout WireReader) throws(WireError) in try r.device() }, defaultLinks: try bool())
        case .setRootPropagation:
            return .setRootPropagation(try string())
        case .makePathsReadonly:
            return .makePathsReadonly(try strings())
        case .maskPaths:
            return .maskPaths(try strings())
        case .setRlimits:
            return .setRlimits(try array { (r: inout WireReader) throws(WireError) in
                ContainerSpec.Rlimit(type: try r.string(), soft: try r.u64(), hard: try r.u64())
            })
        case .setOOMScoreAdj:
            return .setOOMScoreAdj(try i32())
        case .setPersonality:
            return .setPersonality(ContainerSpec.Personality(domain: try string(), flags: try strings()))
        case .setIOPriority:
            return .setIOPriority(ContainerSpec.IOPriority(ioClass: try string(), priority: try i32()))
        case .setScheduler:
            return .setScheduler(ContainerSpec.Scheduler(policy: try string(), nice: try optionalI32(), priority: try optionalI32(),
                                                         flags: try strings(), runtime: try optionalU64(), deadline: try optionalU64(),
                                                         period: try optionalU64()))
        case .limitBoundingSet:
            return .limitBoundingSet(try strings())
        case .setCapabilities:
            return .setCapabilities(ContainerSpec.Capabilities(bounding: try strings(), effective: try strings(), inheritable: try strings(),
                                                               permitted: try strings(), ambient: try strings()))
        case .setUmask:
            return .setUmask(try u32())
        case .setNoNewPrivileges:
            return .setNoNewPrivileges
        case .awaitRuntimeHooks:
            return .awaitRuntimeHooks(prestart: try array { (r: inout WireReader) throws(WireError) in try r.hook() },
                                      createRuntime: try array { (r: inout WireReader) throws(WireError) in try r.hook() })
        case .runHooks:
            return .runHooks(stage: try string(), try array { (r: inout WireReader) throws(WireError) in try r.hook() })
        case .setExecLabels:
            return .setExecLabels(apparmor: try optionalString(), selinux: try optionalString())
        case .installSeccomp:
            return .installSeccomp(ChildActionTag.seccompPlaceholder)
        }
    }

    mutating func hook() throws(WireError) -> ContainerSpec.Hook {
        ContainerSpec.Hook(path: try string(), args: try strings(), env: try strings(), timeout: try bool() ? try i64() : nil)
    }

    mutating func device() throws(WireError) -> ContainerSpec.Device {
        ContainerSpec.Device(path: try string(), type: try string(), major: try i64(), minor: try i64(), fileMode: try optionalU32(),
                             uid: try optionalU32(), gid: try optionalU32())
    }

    mutating func optionalU32() throws(WireError) -> UInt32? { try bool() ? try u32() : nil }
    mutating func optionalI32() throws(WireError) -> Int32? { try bool() ? try i32() : nil }
    mutating func optionalU64() throws(WireError) -> UInt64? { try bool() ? try u64() : nil }

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
