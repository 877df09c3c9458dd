import Spec

/// A seccomp profile in the Docker format, as moby and containers/common write them (Debian ships podman's in
/// `/usr/share/containers/seccomp.json`): the OCI `linux.seccomp` fields, plus rules that apply only with some
/// capabilities, on some architectures or from some kernel version on. ``seccomp(for:)`` turns it into the
/// `linux.seccomp` of one spec on one host.
public struct DockerProfile: Sendable, Equatable {
    /// `SCMP_ACT_*` for calls no rule matches; empty when the profile leaves it out.
    public var defaultAction: String
    /// The errno of the default action by number (`defaultErrnoRet`) or by name (`defaultErrno`, which wins).
    public var defaultErrnoRet: UInt32?
    public var defaultErrno: String?
    /// The older way to list architectures; a profile gives this or ``archMap``, not both.
    public var architectures: [String]
    /// For each native architecture, the others its processes may use (x86_64: x86 and x32).
    public var archMap: [ArchitectureMap]
    public var flags: [String]
    public var listenerPath: String?
    public var listenerMetadata: String?
    public var syscalls: [Rule]

    public init(defaultAction: String, defaultErrnoRet: UInt32? = nil, defaultErrno: String? = nil, architectures: [String] = [],
                archMap: [ArchitectureMap] = [], flags: [String] = [], listenerPath: String? = nil, listenerMetadata: String? = nil,
                syscalls: [Rule] = []) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.defaultErrno = defaultErrno
        self.architectures = architectures
        self.archMap = archMap
        self.flags = flags
        self.listenerPath = listenerPath
        self.listenerMetadata = listenerMetadata
        self.syscalls = syscalls
    }

    /// `archMap[]`: a native architecture (`SCMP_ARCH_X86_64`) and its sub-architectures.
    public struct ArchitectureMap: Sendable, Equatable {
        public var architecture: String
        public var subArchitectures: [String]

        public init(architecture: String, subArchitectures: [String] = []) {
            self.architecture = architecture
            self.subArchitectures = subArchitectures
        }
    }

    /// `syscalls[]`: one rule, kept when its ``includes`` hold and its ``excludes`` do not.
    public struct Rule: Sendable, Equatable {
        /// The older single-name form; a rule gives this or ``names``, not both.
        public var name: String?
        public var names: [String]
        public var action: String
        /// The errno by number (`errnoRet`) or by name (`errno`, which wins).
        public var errnoRet: UInt32?
        public var errno: String?
        public var args: [ContainerSpec.Seccomp.Argument]
        public var includes: Filter
        public var excludes: Filter

        public init(name: String? = nil, names: [String] = [], action: String, errnoRet: UInt32? = nil, errno: String? = nil,
                    args: [ContainerSpec.Seccomp.Argument] = [], includes: Filter = Filter(), excludes: Filter = Filter()) {
            self.name = name
            self.names = names
            self.action = action
            self.errnoRet = errnoRet
            self.errno = errno
            self.args = args
            self.includes = includes
            self.excludes = excludes
        }
    }

    /// `includes` and `excludes`: capabilities (`CAP_SYS_ADMIN`), architectures as Go names them (`amd64`,
    /// `arm64`, `s390x`) and, for includes, the first kernel version the rule is for.
    public struct Filter: Sendable, Equatable {
        public var caps: [String]
        public var arches: [String]
        public var minKernel: KernelVersion?

        public init(caps: [String] = [], arches: [String] = [], minKernel: KernelVersion? = nil) {
            self.caps = caps
            self.arches = arches
            self.minKernel = minKernel
        }
    }
}

/// Where Debian keeps the default profile of podman, buildah and CRI-O, and which package puts it there.
/// `mydocker spec` reads it at run time rather than carrying a copy of it.
public enum DefaultSeccompProfile {
    public static let path = "/usr/share/containers/seccomp.json"
    public static let debianPackage = "golang-github-containers-common"
}
