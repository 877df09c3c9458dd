import Spec

extension Step {
    /// The JSON pointer of the spec element this step carries out (`/mounts/1`, `/hostname`, `/process/args`), for
    /// failures to name its file and line (``SpecSource/position(of:)``); nil for the runtime's own steps (waiting,
    /// the cgroup move, init). The preflight step's checks each have their own (``PreflightCheck/origin(in:)``).
    public func origin(in spec: ContainerSpec) -> String? {
        switch action {
        case let .parent(action): action.origin(in: spec)
        case let .child(action): action.origin(in: spec)
        }
    }
}

extension PreflightCheck {
    /// The JSON pointer of the spec element this check is made for; nil for `running as root`.
    public func origin(in spec: ContainerSpec) -> String? {
        switch self {
        case .runningAsRoot: nil
        case let .namespaceSupported(kind): spec.namespacePointer(kind, joined: false)
        case .rootfsExists: "/root/path"
        case let .mountSourceExists(index, _): "/mounts/\(index)/source"
        case let .namespacePathExists(kind, path): spec.namespacePointer(kind, path: path).map { $0 + "/path" }
        case let .securityModuleActive(module): module == "AppArmor" ? "/process/apparmorProfile" : "/process/selinuxLabel"
        }
    }
}

extension ParentAction {
    func origin(in spec: ContainerSpec) -> String? {
        switch self {
        case .preflight, .enterCgroup, .setgroups: nil
        case let .attachLoop(mount, _, _), let .prepareLoopMount(mount, _, _): "/mounts/\(mount)"
        case .allocateTerminal: "/process/terminal"
        case let .joinNamespace(kind, path): spec.namespacePointer(kind, path: path).map { $0 + "/path" }
        case .createNamespaces: "/linux/namespaces"
        case let .createCgroup(path, resources): resources != nil ? "/linux/resources" : path != nil ? "/linux/cgroupsPath" : nil
        case .writeUIDMap: "/linux/uidMappings"
        case .writeGIDMap: "/linux/gidMappings"
        case .setUpNetwork: "/network"
        }
    }
}

extension ChildAction {
    func origin(in spec: ContainerSpec) -> String? {
        switch self {
        case .waitForParent, .startInit: nil
        case .unshareCgroupNamespace: spec.namespacePointer(.cgroup, joined: false)
        case .writeTimeOffsets: "/linux/timeOffsets"
        case .setHostname: "/hostname"
        case .setDomainname: "/domainname"
        case .writeSysctls: "/linux/sysctl"
        case .makeMountsPrivate: spec.namespacePointer(.mount, joined: false)
        case .bindNetworkFiles: "/network"
        case let .mount(index, _): "/mounts/\(index)"
        case .createDevices:
            spec.linux.devices.isEmpty
                ? spec.mounts.firstIndex { $0.normalizedDestination == "/dev" }.map { "/mounts/\($0)" } : "/linux/devices"
        case .awaitRuntimeHooks: spec.hooks.prestart.isEmpty ? "/hooks/createRuntime" : "/hooks/prestart"
        case let .runHooks(stage, _): "/hooks/\(stage)"
        case .pivotRoot: "/root/path"
        case .setRootPropagation: "/linux/rootfsPropagation"
        case .remountRootReadonly: "/root/readonly"
        case .makePathsReadonly: "/linux/readonlyPaths"
        case .maskPaths: "/linux/maskedPaths"
        case .setRlimits: "/process/rlimits"
        case .setOOMScoreAdj: "/process/oomScoreAdj"
        case .setPersonality: "/linux/personality"
        case .setIOPriority: "/process/ioPriority"
        case .setScheduler: "/process/scheduler"
        case let .setExecLabels(apparmor, _): apparmor != nil ? "/process/apparmorProfile" : "/process/selinuxLabel"
        case .limitBoundingSet: "/process/capabilities/bounding"
        case .setIdentity: "/process/user"
        case .setCapabilities: "/process/capabilities"
        case .setUmask: "/process/user/umask"
        case .changeDirectory: "/process/cwd"
        case .setEnvironment: "/process/env"
        case .setNoNewPrivileges: "/process/noNewPrivileges"
        case .installSeccomp: "/linux/seccomp"
        case .exec: "/process/args"
        }
    }
}

extension ContainerSpec {
    /// `/linux/namespaces/N` of the first namespace of `kind` that is created (`joined` false) or joined.
    func namespacePointer(_ kind: NamespaceKind, joined: Bool) -> String? {
        linux.namespaces.firstIndex { $0.kind == kind && ($0.path != nil) == joined }.map { "/linux/namespaces/\($0)" }
    }

    /// `/linux/namespaces/N` of the namespace of `kind` joined at `path`.
    func namespacePointer(_ kind: NamespaceKind, path: String) -> String? {
        linux.namespaces.firstIndex { $0.kind == kind && $0.path == path }.map { "/linux/namespaces/\($0)" }
    }
}
