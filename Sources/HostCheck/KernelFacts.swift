import Spec

/// What this kernel allows, as `mydocker check` reports it. Read by ``KernelFacts/read(from:)``; pure data here.
public struct KernelFacts: Sendable, Equatable {
    public var namespaces: [NamespaceFact]
    public var loop: LoopFact
    /// The file system types specs use, each with whether /proc/filesystems lists it.
    public var filesystems: [FilesystemFact]
    public var cgroup: CgroupMode
    public var unprivilegedUserNamespaces: UnprivilegedUserNamespaces

    public init(namespaces: [NamespaceFact], loop: LoopFact, filesystems: [FilesystemFact], cgroup: CgroupMode,
                unprivilegedUserNamespaces: UnprivilegedUserNamespaces) {
        self.namespaces = namespaces
        self.loop = loop
        self.filesystems = filesystems
        self.cgroup = cgroup
        self.unprivilegedUserNamespaces = unprivilegedUserNamespaces
    }

    /// The file system types `check` looks for: the ones specs mount.
    public static let specFilesystems = ["ext4", "xfs", "tmpfs", "proc", "sysfs", "devpts", "mqueue", "cgroup2", "btrfs", "vfat"]

    public func namespace(_ kind: NamespaceKind) -> NamespaceFact? {
        namespaces.first { $0.kind == kind }
    }
}

/// One namespace type: whether the kernel has it, its limit (as apply's preflight reads them), how many exist.
public struct NamespaceFact: Sendable, Equatable {
    public var kind: NamespaceKind
    /// /proc/self/ns/<name> exists.
    public var supported: Bool
    /// /proc/sys/user/max_<name>_namespaces, nil when the file is missing or unreadable.
    public var limit: Int?
    /// Distinct namespaces of this type among the processes we can see (/proc/*/ns/<name>), nil if unknown.
    public var inUse: Int?

    public init(kind: NamespaceKind, supported: Bool, limit: Int?, inUse: Int?) {
        self.kind = kind
        self.supported = supported
        self.limit = limit
        self.inUse = inUse
    }

    public var limitFile: String { "/proc/sys/user/max_\(kind.procName)_namespaces" }

    /// What apply's preflight makes of it.
    var support: NamespaceSupport {
        NamespaceSupport(kind: kind, kernelHasIt: supported, limit: limit,
                         namespaceFile: "/proc/self/ns/\(kind.procName)", limitFile: limitFile)
    }

    /// New namespaces of this type can be created (by root).
    public var canCreate: Bool { support.usable }

    /// What is wrong and how to fix it (apply's preflight words), nil when nothing is.
    public var problem: String? { support.problem }
}

public struct LoopFact: Sendable, Equatable {
    /// /dev/loop-control exists.
    public var control: Bool
    /// `loop` in /proc/devices or /sys/module/loop exists.
    public var driver: Bool

    public init(control: Bool, driver: Bool) {
        self.control = control
        self.driver = driver
    }

    public var available: Bool { control && driver }

    public var problem: String? {
        switch (control, driver) {
        case (true, true): nil
        case (false, true): "/dev/loop-control is missing: mknod /dev/loop-control c 10 237"
        case (_, false): "the loop driver is not loaded: modprobe loop"
        }
    }
}

public struct FilesystemFact: Sendable, Equatable {
    public var name: String
    /// Listed in /proc/filesystems (registered now; a module may still load on first mount).
    public var available: Bool

    public init(name: String, available: Bool) {
        self.name = name
        self.available = available
    }
}

public enum CgroupMode: String, Sendable, Equatable {
    /// Only cgroup v1 hierarchies.
    case v1
    /// The unified hierarchy at /sys/fs/cgroup.
    case v2
    /// v1 controllers at /sys/fs/cgroup with a v2 hierarchy at /sys/fs/cgroup/unified.
    case hybrid
    /// Nothing recognisable mounted at /sys/fs/cgroup.
    case none

    public var description: String {
        switch self {
        case .v1: "v1 (legacy hierarchies only)"
        case .v2: "v2 (unified hierarchy at /sys/fs/cgroup)"
        case .hybrid: "hybrid (v1 controllers, v2 hierarchy at /sys/fs/cgroup/unified)"
        case .none: "none (nothing mounted at /sys/fs/cgroup)"
        }
    }
}

/// Whether users other than root may create user namespaces.
public struct UnprivilegedUserNamespaces: Sendable, Equatable {
    /// /proc/sys/kernel/unprivileged_userns_clone (Debian's switch), nil when the kernel has none.
    public var cloneSwitch: Int?
    /// /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu's), nil when absent.
    public var apparmorRestriction: Int?
    /// /proc/sys/user/max_user_namespaces.
    public var maxUserNamespaces: Int?

    public init(cloneSwitch: Int?, apparmorRestriction: Int?, maxUserNamespaces: Int?) {
        self.cloneSwitch = cloneSwitch
        self.apparmorRestriction = apparmorRestriction
        self.maxUserNamespaces = maxUserNamespaces
    }

    public var allowed: Bool { problem == nil }

    public var problem: String? {
        if maxUserNamespaces == 0 {
            return "forbidden for everyone by a limit of 0: echo 15000 > /proc/sys/user/max_user_namespaces"
        }
        if cloneSwitch == 0 {
            return "forbidden for users other than root: echo 1 > /proc/sys/kernel/unprivileged_userns_clone"
        }
        if let restriction = apparmorRestriction, restriction != 0 {
            return "restricted by AppArmor: echo 0 > /proc/sys/kernel/apparmor_restrict_unprivileged_userns"
        }
        return nil
    }
}
