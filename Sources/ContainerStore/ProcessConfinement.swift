import Spec

/// The confinement of a container's process, as recorded when it starts, so that `exec` gives its command the
/// same (runc's exec does): capabilities, no_new_privs, security labels, resource limits, and the compiled seccomp
/// program (kept beside the state, in ``StateStore/seccompFile``). Empty for a container recorded by an older
/// mydocker, or from a spec without these keys: its exec'd commands keep mydocker's own.
public struct ProcessConfinement: Sendable, Equatable {
    /// `process.capabilities`; nil leaves the capabilities as they are.
    public var capabilities: ContainerSpec.Capabilities?
    public var noNewPrivileges: Bool
    public var apparmorProfile: String?
    public var selinuxLabel: String?
    public var rlimits: [ContainerSpec.Rlimit]
    /// The spec has `linux.seccomp`: its program must be recorded (``seccompFlags``) before an exec may run.
    public var seccomp: Bool
    /// The compiled program's SECCOMP_FILTER_FLAG_* bits, once its bytes are in ``StateStore/seccompFile``.
    public var seccompFlags: UInt32?

    public init(
        capabilities: ContainerSpec.Capabilities? = nil, noNewPrivileges: Bool = false, apparmorProfile: String? = nil,
        selinuxLabel: String? = nil, rlimits: [ContainerSpec.Rlimit] = [], seccomp: Bool = false, seccompFlags: UInt32? = nil
    ) {
        self.capabilities = capabilities
        self.noNewPrivileges = noNewPrivileges
        self.apparmorProfile = apparmorProfile
        self.selinuxLabel = selinuxLabel
        self.rlimits = rlimits
        self.seccomp = seccomp
        self.seccompFlags = seccompFlags
    }

    /// The confinement `spec` gives its process (what the planner's process steps apply).
    public init(spec: ContainerSpec) {
        self.init(
            capabilities: spec.process.capabilities, noNewPrivileges: spec.process.noNewPrivileges,
            apparmorProfile: spec.process.apparmorProfile, selinuxLabel: spec.process.selinuxLabel,
            rlimits: spec.process.rlimits, seccomp: spec.linux.seccomp != nil
        )
    }

    /// Nothing recorded: exec keeps today's behaviour.
    public var isEmpty: Bool { self == ProcessConfinement() }
}
