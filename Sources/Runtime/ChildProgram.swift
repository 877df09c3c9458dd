import Mounts
import Planner
import Spec

/// One of the plan's child steps: its number in the plan (errors name it) and what the child does.
struct ChildStep: Sendable, Equatable {
    var number: Int
    var action: ChildAction

    init(number: Int, action: ChildAction) {
        self.number = number
        self.action = action
    }

    /// `step` when it is the child's, nil when it is the parent's.
    init?(_ step: Step) {
        guard case .child(let action) = step.action else { return nil }
        self.init(number: step.number, action: action)
    }
}

/// What the parent sends the child over descriptor 3: the child's steps, in order, and what it needs to carry
/// them out. Its arrival is the child's signal to start (the ID maps are written).
///
/// It may come in two parts (``followedByRest``): the first as soon as the child is asked for, without what the
/// parent's later steps make (the cgroup, the compiled filter), so that the child's first steps, those that touch
/// only its own namespaces (``isNamespaceLocal(_:)``), run while the parent makes the cgroup; the whole program
/// follows, and the child reads it before any other step.
struct ChildProgram: Sendable, Equatable {
    /// The plan's child steps, with their plan numbers.
    var steps: [ChildStep]
    /// `root.path`, resolved; mounts are made inside it before pivot_root.
    var rootfs: String?
    /// Mount index → the descriptor (5, 6, …) of the detached mount the parent prepared for it.
    var detachedMounts: [Int: Int32]
    /// The container's stdio (0, 1, 2) is a pseudo-terminal: the process makes it its controlling terminal.
    var terminal: Bool
    /// /proc/CHILD/setgroups says "deny": setgroups(2) is skipped when there are no additional groups.
    var setgroupsDenied: Bool
    /// The v1 `tasks` files of the container's cgroup that the child writes "0" into before anything else (a
    /// thread moving itself takes no threadgroup lock, so no RCU grace period is waited for, as it is when the
    /// parent moves the child), and the plan step whose failure that is.
    var cgroupTasks: [String]
    var cgroupStep: Int
    /// What a `cgroup` mount shows: the container's directory in each hierarchy it joined.
    var cgroupViews: [CgroupView]
    /// The state the container's own hooks read (createContainer, startContainer), when it has any.
    var hookState: HookState?
    /// What the child does beside the steps (``ChildSetup``).
    var setup: ChildSetup
    /// The system call filter of the ``ChildAction/installSeccomp(_:)`` step, compiled by the parent
    /// (struct sock_filter instructions), and its seccomp(2) flags.
    var seccompFilter: [UInt8]
    var seccompFlags: UInt32
    /// `linux.mountLabel`, when SELinux is active on the host (the parent looked): the context of file system mounts.
    var mountLabel: String?
    /// The first part of two: the whole program follows on the same descriptor (see above).
    var followedByRest: Bool

    init(steps: [ChildStep], rootfs: String? = nil, detachedMounts: [Int: Int32] = [:], terminal: Bool = false,
         setgroupsDenied: Bool = false, cgroupTasks: [String] = [], cgroupStep: Int = 0, cgroupViews: [CgroupView] = [],
         hookState: HookState? = nil, setup: ChildSetup = ChildSetup(), seccompFilter: [UInt8] = [], seccompFlags: UInt32 = 0,
         mountLabel: String? = nil, followedByRest: Bool = false) {
        self.followedByRest = followedByRest
        self.mountLabel = mountLabel
        self.setup = setup
        self.seccompFilter = seccompFilter
        self.seccompFlags = seccompFlags
        self.cgroupTasks = cgroupTasks
        self.cgroupViews = cgroupViews
        self.hookState = hookState
        self.cgroupStep = cgroupStep
        self.steps = steps
        self.rootfs = rootfs
        self.detachedMounts = detachedMounts
        self.terminal = terminal
        self.setgroupsDenied = setgroupsDenied
    }
}

extension ChildProgram {
    /// Marks the start of a program, and its version (8: child actions tagged by ``ChildActionTag``, with the cgroup
    /// views, in one or two parts, and the start socket of `mydocker create`).
    static let magic: UInt32 = 0x3850_444D // "MDP8"

    /// Whether the child keeps its program pipe open after reading the program: it then waits there for the
    /// parent's go once the runtime's hooks have run (``ChildAction/awaitRuntimeHooks(prestart:createRuntime:)``).
    var awaitsRuntimeHooks: Bool {
        steps.contains { if case .awaitRuntimeHooks = $0.action { true } else { false } }
    }

    /// The program as sent: its length (UInt32), then the bytes of ``encoded()``.
    func framed() -> [UInt8] {
        let body = encoded()
        var w = WireWriter()
        w.u32(UInt32(body.count))
        return w.bytes + body
    }

    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.u32(Self.magic)
        w.optionalString(rootfs)
        w.array(detachedMounts.sorted { $0.key < $1.key }) { w, entry in
            w.int(entry.key)
            w.i32(entry.value)
        }
        w.bool(terminal)
        w.bool(setgroupsDenied)
        w.strings(cgroupTasks)
        w.int(cgroupStep)
        w.array(cgroupViews) { w, view in w.string(view.name); w.string(view.source) }
        w.bool(hookState != nil)
        if let state = hookState {
            w.string(state.id); w.i32(state.pid); w.string(state.bundle)
            let keys = state.annotations.keys.sorted()
            w.strings(keys); w.strings(keys.map { state.annotations[$0] ?? "" })
        }
        w.array(steps) { w, step in
            w.int(step.number)
            w.action(step.action)
        }
        setup.encode(into: &w)
        w.u32(UInt32(seccompFilter.count)); w.raw(seccompFilter); w.u32(seccompFlags)
        w.optionalString(mountLabel)
        w.bool(followedByRest)
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws(WireError) {
        var r = WireReader(bytes)
        guard try r.u32() == Self.magic else { throw WireError(message: "not a child program (bad magic)") }
        let rootfs = try r.optionalString()
        let pairs = try r.array { (r: inout WireReader) throws(WireError) in (try r.int(), try r.i32()) }
        var detached: [Int: Int32] = [:]
        for (index, fd) in pairs { detached[index] = fd }
        let terminal = try r.bool()
        let denied = try r.bool()
        let tasks = try r.strings()
        let cgroupStep = try r.int()
        let views = try r.array { (r: inout WireReader) throws(WireError) in CgroupView(name: try r.string(), source: try r.string()) }
        var hookState: HookState?
        if try r.bool() {
            let id = try r.string(), pid = try r.i32(), bundle = try r.string()
            let keys = try r.strings(), values = try r.strings()
            guard keys.count == values.count else { throw WireError(message: "annotation keys and values differ in number") }
            hookState = HookState(id: id, pid: pid, bundle: bundle, annotations: Dictionary(zip(keys, values), uniquingKeysWith: { _, last in last }))
        }
        let steps = try r.array { (r: inout WireReader) throws(WireError) -> ChildStep in
            ChildStep(number: try r.int(), action: try r.action())
        }
        let setup = try ChildSetup(decoding: &r)
        let filter = try r.bytes(count: Int(try r.u32()))
        let seccompFlags = try r.u32()
        let mountLabel = try r.optionalString()
        let followedByRest = try r.bool()
        guard r.atEnd else { throw WireError(message: "trailing bytes at \(r.offset)") }
        self.init(steps: steps, rootfs: rootfs, detachedMounts: detached, terminal: terminal,
                  setgroupsDenied: denied, cgroupTasks: tasks, cgroupStep: cgroupStep, cgroupViews: views,
                  hookState: hookState, setup: setup, seccompFilter: filter, seccompFlags: seccompFlags,
                  mountLabel: mountLabel, followedByRest: followedByRest)
    }

    /// Whether the child may take `action` before it has the whole program, and so before it is in its cgroup:
    /// what touches only the namespaces it was created in (its hostname, its sysctls, its own mount table), and
    /// nothing of the container's own runs yet. A `cgroup` mount shows the cgroup, made by then; devices are made
    /// under the device controller's rules, as runc makes them.
    static func isNamespaceLocal(_ action: ChildAction) -> Bool {
        switch action {
        case .waitForParent, .writeTimeOffsets, .setHostname, .setDomainname, .writeSysctls, .makeMountsPrivate:
            true
        case .mount(_, let mount):
            mount.type != "cgroup"
        default:
            false
        }
    }
}
