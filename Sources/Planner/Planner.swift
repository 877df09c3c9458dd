import Spec

/// Turns a validated ``ContainerSpec`` into a ``Plan``: the steps of `mydocker apply`, in order.
///
/// Pure: reads nothing from the host and changes nothing, so the order can be checked in unit tests.
///
/// The parent (mydocker in the host) does, in this order:
/// 1. ``ParentAction/preflight(_:)``: running as root; each namespace kind to create is supported; the rootfs
///    exists; the source of each bind or loop mount exists; each namespace `path` to join exists.
/// 2. For each mount with the `loop` option, in spec order: ``ParentAction/attachLoop(mount:image:readOnly:)``
///    (read-only when the mount's options add up to read-only), then
///    ``ParentAction/prepareLoopMount(mount:fsType:options:)`` (block file systems can only be mounted from the
///    host's user namespace, so the mount is made here and moved into the child's tree later).
/// 3. ``ParentAction/allocateTerminal`` when `process.terminal`.
/// 4. ``ParentAction/joinNamespace(_:path:)`` for each namespace with a `path`, user first and mount last
///    (``namespaceOrder``, the order nsenter and runc use: the user namespace grants the rights the other
///    joins need, and the mount namespace would change how the later paths resolve).
/// 5. ``ParentAction/createNamespaces(_:)``: clone(2) the child with the namespaces that have no `path`, in
///    ``namespaceOrder``. A time namespace that gets offsets and a cgroup namespace are left out: the child
///    unshares them itself.
/// 6. ``ParentAction/createCgroup(path:resources:)``: the container's cgroup, at `linux.cgroupsPath` or the
///    runtime's default, with its limits, made while the child starts (re-executing mydocker takes about as
///    long), then ``ParentAction/enterCgroup``: the child, still waiting for its steps, is moved into it.
/// 8. When a user namespace is created: ``ParentAction/setgroups(allow:)``, then ``ParentAction/writeUIDMap(_:)`` and
///    ``ParentAction/writeGIDMap(_:)`` (each only when the spec has mappings), while the child waits.
///
/// The child (the re-executed mydocker inside the new namespaces) does, in this order:
/// 1. ``ChildAction/waitForParent``, always first; then ``ChildAction/unshareCgroupNamespace`` when a cgroup
///    namespace is created, so that the container's cgroup is its root.
/// 2. ``ChildAction/writeTimeOffsets(_:)`` when a time namespace is created and `linux.timeOffsets` gives an
///    offset: unshare(CLONE_NEWTIME) and write /proc/self/timens_offsets before any process enters it.
/// 3. ``ChildAction/setHostname(_:)`` and ``ChildAction/setDomainname(_:)`` when given.
/// 4. ``ChildAction/makeMountsPrivate`` when a mount namespace is created, before any mount.
/// 5. ``ChildAction/mount(index:_:)`` for each mount, in spec order.
/// 6. ``ChildAction/pivotRoot(path:)`` when `root` is given, after the mounts (they land inside the rootfs), then
///    ``ChildAction/remountRootReadonly`` when `root.readonly`.
/// 7. ``ChildAction/setIdentity(uid:gid:additionalGids:)``, ``ChildAction/changeDirectory(_:)``,
///    ``ChildAction/setEnvironment(_:)``.
/// 8. ``ChildAction/startInit`` when a pid namespace is created, unless the annotation
///    `org.mydocker.init` is `"false"`; for the OCI runtime commands (``InitChoice/onRequest``) only when it is
///    `"true"`: the pid an engine is given is then the container's process itself, as runc's.
/// 9. ``ChildAction/exec(_:)``, always last.
///
/// Steps are numbered 1…n in that order.
public enum Planner {
    /// The annotation that turns the minimal init off (`"false"`) in a pid namespace.
    public static let initAnnotation = "org.mydocker.init"

    /// The order in which namespaces are joined and listed in clone flags: user first, mount last.
    public static let namespaceOrder = NamespaceKind.joinOrder

    /// The ordered steps that carry `spec` out. Pure: reads nothing from the host, changes nothing.
    public static func plan(_ spec: ContainerSpec, init choice: InitChoice = .byDefault) -> Plan {
        let actions = parentActions(spec).map(Action.parent) + childActions(spec, init: choice).map(Action.child)
        let steps = actions.enumerated().map { Step(number: $0.offset + 1, action: $0.element) }
        return Plan(spec: spec, steps: steps)
    }

    // MARK: - Parent

    /// What the parent does, in order (see ``Planner``).
    static func parentActions(_ spec: ContainerSpec) -> [ParentAction] {
        var actions: [ParentAction] = [.preflight(preflightChecks(spec))]
        actions += loopActions(spec)
        if spec.process.terminal { actions.append(.allocateTerminal) }
        actions += joinedNamespaces(spec).map { .joinNamespace($0.kind, path: $0.path) }
        actions.append(.createNamespaces(clonedNamespaces(spec)))
        actions.append(.createCgroup(path: spec.linux.cgroupsPath, resources: spec.linux.resources))
        actions.append(.enterCgroup)
        actions += idMapActions(spec)
        return actions
    }

    /// Root; support for each namespace to create; the rootfs; bind and loop sources; namespaces to join.
    static func preflightChecks(_ spec: ContainerSpec) -> [PreflightCheck] {
        var checks: [PreflightCheck] = [.runningAsRoot]
        checks += createdNamespaces(spec).map { .namespaceSupported($0) }
        if let root = spec.root { checks.append(.rootfsExists(root.resolvedPath)) }
        for (index, mount) in spec.mounts.enumerated() where mount.isBind || mount.isLoop {
            if let path = mount.resolvedSource ?? mount.source {
                checks.append(.mountSourceExists(index: index, path: path))
            }
        }
        checks += joinedNamespaces(spec).map { .namespacePathExists($0.kind, path: $0.path) }
        if spec.process.apparmorProfile != nil { checks.append(.securityModuleActive("AppArmor")) }
        if spec.process.selinuxLabel != nil { checks.append(.securityModuleActive("SELinux")) }
        return checks
    }

    /// attach + prepare for each `loop` mount, in spec order.
    static func loopActions(_ spec: ContainerSpec) -> [ParentAction] {
        spec.mounts.enumerated().filter { $0.element.isLoop }.flatMap { index, mount -> [ParentAction] in
            [
                .attachLoop(mount: index, image: mount.resolvedSource ?? mount.source ?? "",
                            readOnly: mount.resolvedOptions.flags.contains(.readOnly)),
                .prepareLoopMount(mount: index, fsType: mount.type ?? "auto",
                                  options: mount.options.filter { $0 != "loop" }),
            ]
        }
    }

    /// setgroups, then the maps, when a user namespace is created.
    static func idMapActions(_ spec: ContainerSpec) -> [ParentAction] {
        guard createdNamespaces(spec).contains(.user) else { return [] }
        var actions: [ParentAction] = [.setgroups(allow: true)]
        if !spec.linux.uidMappings.isEmpty { actions.append(.writeUIDMap(spec.linux.uidMappings)) }
        if !spec.linux.gidMappings.isEmpty { actions.append(.writeGIDMap(spec.linux.gidMappings)) }
        return actions
    }

    // MARK: - Child

    /// What the child does, in order (see ``Planner``).
    static func childActions(_ spec: ContainerSpec, init choice: InitChoice = .byDefault) -> [ChildAction] {
        var actions: [ChildAction] = [.waitForParent]
        if createdNamespaces(spec).contains(.cgroup) { actions.append(.unshareCgroupNamespace) }
        if let offsets = childTimeOffsets(spec) { actions.append(.writeTimeOffsets(offsets)) }
        if let hostname = spec.hostname { actions.append(.setHostname(hostname)) }
        if let domainname = spec.domainname { actions.append(.setDomainname(domainname)) }
        if !spec.linux.sysctl.isEmpty { actions.append(.writeSysctls(spec.linux.sysctl)) }
        actions += mountActions(spec)
        actions += processActions(spec, init: choice)
        return actions
    }

    /// Private tree, the mounts in spec order, pivot_root, read-only root.
    static func mountActions(_ spec: ContainerSpec) -> [ChildAction] {
        var actions: [ChildAction] = []
        if createdNamespaces(spec).contains(.mount) { actions.append(.makeMountsPrivate) }
        actions += spec.mounts.enumerated().map { .mount(index: $0.offset, $0.element) }
        if spec.root != nil {
            let devices = devices(spec)
            if !devices.isEmpty || mountsDev(spec) { actions.append(.createDevices(devices, defaultLinks: mountsDev(spec))) }
        }
        let hooks = spec.hooks
        if !hooks.prestart.isEmpty || !hooks.createRuntime.isEmpty {
            actions.append(.awaitRuntimeHooks(prestart: hooks.prestart, createRuntime: hooks.createRuntime))
        }
        if !hooks.createContainer.isEmpty { actions.append(.runHooks(stage: "createContainer", hooks.createContainer)) }
        if let root = spec.root {
            actions.append(.pivotRoot(path: root.resolvedPath))
            if let propagation = spec.linux.rootfsPropagation { actions.append(.setRootPropagation(propagation)) }
            if root.readonly { actions.append(.remountRootReadonly) }
        }
        if !spec.linux.readonlyPaths.isEmpty { actions.append(.makePathsReadonly(spec.linux.readonlyPaths)) }
        if !spec.linux.maskedPaths.isEmpty { actions.append(.maskPaths(spec.linux.maskedPaths)) }
        return actions
    }

    /// The device nodes every container with a /dev of its own gets, as the OCI runtime spec lists them
    /// (`/dev/ptmx`, `/dev/fd` and the standard streams are links: ``ChildAction/createDevices(_:defaultLinks:)``).
    public static let defaultDevices: [ContainerSpec.Device] = [
        ("/dev/null", 1, 3), ("/dev/zero", 1, 5), ("/dev/full", 1, 7), ("/dev/random", 1, 8), ("/dev/urandom", 1, 9),
        ("/dev/tty", 5, 0),
    ].map { ContainerSpec.Device(path: $0.0, type: "c", major: $0.1, minor: $0.2, fileMode: 0o666, uid: 0, gid: 0) }

    /// Whether the spec mounts a file system of its own at /dev (runc's layout: a tmpfs): only then does the
    /// container get the default devices, made in that file system, so that the root file system on disk is
    /// never changed.
    static func mountsDev(_ spec: ContainerSpec) -> Bool {
        spec.mounts.contains { $0.normalizedDestination == "/dev" && !$0.isBind }
    }

    /// The default devices when the spec mounts /dev, then `linux.devices` (which replace a default of the same path).
    static func devices(_ spec: ContainerSpec) -> [ContainerSpec.Device] {
        let own = spec.linux.devices
        let defaults = mountsDev(spec) ? defaultDevices.filter { d in !own.contains { $0.path == d.path } } : []
        return defaults + own
    }

    /// The umask of a process whose spec gives none, as runc sets it: the caller's never reaches the container.
    public static let defaultUmask: UInt32 = 0o022

    /// Limits and scheduling, the bounding set, identity, capabilities, umask, cwd, environment, no_new_privs,
    /// init, exec: runc's order around the identity change.
    static func processActions(_ spec: ContainerSpec, init choice: InitChoice = .byDefault) -> [ChildAction] {
        let process = spec.process
        var actions: [ChildAction] = []
        if !process.rlimits.isEmpty { actions.append(.setRlimits(process.rlimits)) }
        if let adj = process.oomScoreAdj { actions.append(.setOOMScoreAdj(adj)) }
        if let personality = spec.linux.personality { actions.append(.setPersonality(personality)) }
        if let priority = process.ioPriority { actions.append(.setIOPriority(priority)) }
        if let scheduler = process.scheduler { actions.append(.setScheduler(scheduler)) }
        if process.apparmorProfile != nil || process.selinuxLabel != nil {
            actions.append(.setExecLabels(apparmor: process.apparmorProfile, selinux: process.selinuxLabel))
        }
        if let seccomp = spec.linux.seccomp, !process.noNewPrivileges { actions.append(.installSeccomp(seccomp)) }
        if let caps = process.capabilities { actions.append(.limitBoundingSet(caps.bounding)) }
        actions.append(.setIdentity(uid: process.user.uid, gid: process.user.gid, additionalGids: process.user.additionalGids))
        if let caps = process.capabilities { actions.append(.setCapabilities(caps)) }
        actions += [
            .setUmask(process.user.umask ?? defaultUmask),
            .changeDirectory(process.cwd),
            .setEnvironment(process.env),
        ]
        if process.noNewPrivileges { actions.append(.setNoNewPrivileges) }
        if !spec.hooks.startContainer.isEmpty { actions.append(.runHooks(stage: "startContainer", spec.hooks.startContainer)) }
        if let seccomp = spec.linux.seccomp, process.noNewPrivileges { actions.append(.installSeccomp(seccomp)) }
        if wantsInit(spec, choice) { actions.append(.startInit) }
        actions.append(.exec(process.args))
        return actions
    }

    // MARK: - Namespaces

    /// Kinds without a `path`, in ``namespaceOrder``, each once.
    static func createdNamespaces(_ spec: ContainerSpec) -> [NamespaceKind] {
        namespaceOrder.filter { kind in spec.linux.namespaces.contains { $0.kind == kind && $0.path == nil } }
    }

    /// Namespaces with a `path`, in ``namespaceOrder`` (spec order among equal kinds).
    static func joinedNamespaces(_ spec: ContainerSpec) -> [(kind: NamespaceKind, path: String)] {
        namespaceOrder.flatMap { kind in
            spec.linux.namespaces.compactMap { ns in ns.kind == kind ? ns.path.map { (kind, $0) } : nil }
        }
    }

    /// The kinds the clone creates: the created ones, less a time namespace that the child unshares itself.
    static func clonedNamespaces(_ spec: ContainerSpec) -> [NamespaceKind] {
        let unsharedByChild = childTimeOffsets(spec) != nil
        // A cgroup namespace is unshared by the child once it is in the container's cgroup.
        return createdNamespaces(spec).filter { !(unsharedByChild && $0 == .time) && $0 != .cgroup }
    }

    /// The offsets the child writes: only when a time namespace is created and an offset is given.
    static func childTimeOffsets(_ spec: ContainerSpec) -> ContainerSpec.TimeOffsets? {
        guard createdNamespaces(spec).contains(.time), let offsets = spec.linux.timeOffsets,
              offsets.monotonic != nil || offsets.boottime != nil else { return nil }
        return offsets
    }

    /// A minimal init runs as PID 1 in a new pid namespace unless the spec turns it off (``InitChoice/byDefault``),
    /// or only when the spec asks for it (``InitChoice/onRequest``).
    static func wantsInit(_ spec: ContainerSpec, _ choice: InitChoice = .byDefault) -> Bool {
        guard createdNamespaces(spec).contains(.pid) else { return false }
        switch choice {
        case .byDefault: return spec.annotations[initAnnotation] != "false"
        case .onRequest: return spec.annotations[initAnnotation] == "true"
        }
    }

    /// Whether the container's first process is mydocker's minimal init (for `apply`) or the spec's own process
    /// (for the OCI runtime commands, as runc: the pid an engine is given is `process.args`).
    public enum InitChoice: Sendable {
        /// In a new pid namespace, unless the annotation `org.mydocker.init` is `"false"`.
        case byDefault
        /// Only when the annotation `org.mydocker.init` is `"true"` (and a pid namespace is created).
        case onRequest
    }
}
