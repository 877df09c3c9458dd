import CShim

/// A running container's confinement for a process md_spawn starts in it (`mydocker exec`): see
/// Sources/CShim/include/md_spawn_confine.h for when each part is applied. The seccomp filter is the request's own
/// (``SpawnRequest/seccompFilter``): with ``noNewPrivileges`` it is installed last, without it before the
/// identity change.
public struct SpawnConfinement: Sendable, Equatable {
    /// Open `cgroup.procs` files of the container's cgroup (one per hierarchy), which the process writes "0" to
    /// first of all. Owned by the caller; they do not cross the execve.
    public var cgroupProcs: [Int32] = []
    /// (RLIMIT_* number, soft, hard).
    public var rlimits: [(resource: Int32, soft: UInt64, hard: UInt64)] = []
    /// The five capability sets as masks (bit N: capability N); nil leaves the capabilities as they are.
    public var capabilities: CapabilityMasks?
    public var noNewPrivileges = false
    public var apparmorProfile: String?
    public var selinuxLabel: String?

    public struct CapabilityMasks: Sendable, Equatable {
        public var bounding: UInt64
        public var effective: UInt64
        public var permitted: UInt64
        public var inheritable: UInt64
        public var ambient: UInt64

        public init(bounding: UInt64, effective: UInt64, permitted: UInt64, inheritable: UInt64, ambient: UInt64) {
            self.bounding = bounding
            self.effective = effective
            self.permitted = permitted
            self.inheritable = inheritable
            self.ambient = ambient
        }
    }

    public init() {}

    public static func == (lhs: SpawnConfinement, rhs: SpawnConfinement) -> Bool {
        lhs.cgroupProcs == rhs.cgroupProcs && lhs.capabilities == rhs.capabilities
            && lhs.noNewPrivileges == rhs.noNewPrivileges && lhs.apparmorProfile == rhs.apparmorProfile
            && lhs.selinuxLabel == rhs.selinuxLabel
            && lhs.rlimits.elementsEqual(rhs.rlimits) { $0.resource == $1.resource && $0.soft == $1.soft && $0.hard == $1.hard }
    }

    /// `body` with the confinement laid out for md_spawn, valid for the call only.
    func withAttributes<R>(_ body: (UnsafePointer<md_spawn_confinement>) -> R) -> R {
        let resources = rlimits.map(\.resource)
        let soft = rlimits.map(\.soft)
        let hard = rlimits.map(\.hard)
        return cgroupProcs.withUnsafeBufferPointer { cgroups in
            resources.withUnsafeBufferPointer { resources in
                soft.withUnsafeBufferPointer { soft in
                    hard.withUnsafeBufferPointer { hard in
                        withOptionalCString(apparmorProfile) { apparmor in
                            withOptionalCString(selinuxLabel) { selinux in
                                var c = md_spawn_confinement()
                                c.cgroup_fds = cgroups.baseAddress
                                c.cgroup_count = Int32(cgroups.count)
                                c.rlimit_resources = resources.baseAddress
                                c.rlimit_soft = soft.baseAddress
                                c.rlimit_hard = hard.baseAddress
                                c.rlimit_count = Int32(resources.count)
                                if let caps = capabilities {
                                    c.set_capabilities = 1
                                    c.cap_bounding = caps.bounding
                                    c.cap_effective = caps.effective
                                    c.cap_permitted = caps.permitted
                                    c.cap_inheritable = caps.inheritable
                                    c.cap_ambient = caps.ambient
                                }
                                c.no_new_privs = noNewPrivileges ? 1 : 0
                                c.apparmor_profile = apparmor
                                c.selinux_label = selinux
                                return withUnsafePointer(to: &c) { body($0) }
                            }
                        }
                    }
                }
            }
        }
    }
}
