/// A container spec: the OCI runtime-spec `config.json` vocabulary, read from YAML or JSON.
///
/// Every value that came from the file keeps its position in ``SpecSource/positions``,
/// keyed by JSON pointer (`/process/args/0`, `/linux/namespaces/2/type`), so that lint rules,
/// the planner and the executor can point a person at the line and column that caused a problem.
public struct ContainerSpec: Sendable, Equatable {
    public var ociVersion: String?
    public var hostname: String?
    public var domainname: String?
    public var annotations: [String: String]
    public var process: Process
    /// Absent: the container sees the host's file system, as in the seed document.
    public var root: Root?
    public var mounts: [Mount]
    public var linux: Linux
    public var hooks: Hooks = Hooks()
    /// mydocker's `network` section (``Network``); nil when the spec has none.
    public var network: Network? = nil
    /// Where the spec came from, and where each of its values stands in that file.
    public var source: SpecSource

    public init(
        ociVersion: String? = nil,
        hostname: String? = nil,
        domainname: String? = nil,
        annotations: [String: String] = [:],
        process: Process,
        root: Root? = nil,
        mounts: [Mount] = [],
        linux: Linux = Linux(),
        source: SpecSource = SpecSource()
    ) {
        self.ociVersion = ociVersion
        self.hostname = hostname
        self.domainname = domainname
        self.annotations = annotations
        self.process = process
        self.root = root
        self.mounts = mounts
        self.linux = linux
        self.source = source
    }

    /// Whether the spec asks for a namespace of this kind (created or joined).
    public func has(_ kind: NamespaceKind) -> Bool {
        linux.namespaces.contains { $0.kind == kind }
    }
}

extension ContainerSpec {
    public struct Process: Sendable, Equatable {
        public var args: [String]
        /// `NAME=value` words.
        public var env: [String]
        /// Absolute; "/" when the spec does not say.
        public var cwd: String
        public var user: User
        public var terminal: Bool
        /// nil: the runtime's own sets are kept (see ``Capabilities``).
        public var capabilities: Capabilities? = nil
        public var rlimits: [Rlimit] = []
        public var noNewPrivileges: Bool = false
        public var oomScoreAdj: Int32? = nil
        public var apparmorProfile: String? = nil
        public var selinuxLabel: String? = nil
        public var consoleSize: ConsoleSize? = nil
        public var ioPriority: IOPriority? = nil
        public var scheduler: Scheduler? = nil

        public init(args: [String], env: [String] = [], cwd: String = "/", user: User = User(), terminal: Bool = false) {
            self.args = args
            self.env = env
            self.cwd = cwd
            self.user = user
            self.terminal = terminal
        }
    }

    public struct User: Sendable, Equatable {
        public var uid: UInt32
        public var gid: UInt32
        public var additionalGids: [UInt32]
        /// The process's umask; nil: 0022, as runc sets it (the caller's never reaches the container).
        public var umask: UInt32? = nil

        public init(uid: UInt32 = 0, gid: UInt32 = 0, additionalGids: [UInt32] = []) {
            self.uid = uid
            self.gid = gid
            self.additionalGids = additionalGids
        }
    }

    public struct Root: Sendable, Equatable {
        /// As written in the spec.
        public var path: String
        /// Absolute: a relative `path` resolved against the folder of the spec file.
        public var resolvedPath: String
        public var readonly: Bool

        public init(path: String, resolvedPath: String, readonly: Bool = false) {
            self.path = path
            self.resolvedPath = resolvedPath
            self.readonly = readonly
        }
    }

    public struct Mount: Sendable, Equatable {
        public var destination: String
        public var type: String?
        /// As written in the spec.
        public var source: String?
        /// For sources that name files (bind, loop): absolute, resolved against the spec's folder.
        public var resolvedSource: String?
        /// mount(8)/fstab option words, in spec order. See ``MountOptions``.
        public var options: [String]

        public init(destination: String, type: String? = nil, source: String? = nil, resolvedSource: String? = nil, options: [String] = []) {
            self.destination = destination
            self.type = type
            self.source = source
            self.resolvedSource = resolvedSource ?? source
            self.options = options
        }

        /// The mydocker extension: `source` is a file system image attached to a loop device first.
        public var isLoop: Bool { options.contains("loop") }
        public var isBind: Bool { options.contains("bind") || options.contains("rbind") || type == "bind" }
        /// `destination` with `.`, `..` and doubled slashes folded (`/dev/`, `/dev/./` → `/dev`).
        public var normalizedDestination: String { PathText.normalize(destination) }
    }

    public struct Linux: Sendable, Equatable {
        public var namespaces: [Namespace]
        public var uidMappings: [IDMapping]
        public var gidMappings: [IDMapping]
        public var timeOffsets: TimeOffsets?
        /// The container's control group: a path (absolute, or relative to the runtime's own cgroup) or, for
        /// the systemd driver, `slice:prefix:name`. Absent: the runtime picks one.
        public var cgroupsPath: String?
        /// Control group limits and device rules.
        public var resources: Resources?
        public var seccomp: Seccomp? = nil
        /// Device nodes made in the container, besides the default ones every container gets.
        public var devices: [Device] = []
        /// Kernel parameters written in the container's namespaces, by name (`net.ipv4.ip_forward`).
        public var sysctl: [String: String] = [:]
        /// Paths inside the container hidden behind an empty read-only file system (or /dev/null for files).
        public var maskedPaths: [String] = []
        /// Paths inside the container remounted read-only.
        public var readonlyPaths: [String] = []
        /// `private`, `shared`, `slave` or `unbindable`, with an optional `r` prefix: the propagation of the root.
        public var rootfsPropagation: String? = nil
        public var personality: Personality? = nil
        public var mountLabel: String? = nil

        public init(namespaces: [Namespace] = [], uidMappings: [IDMapping] = [], gidMappings: [IDMapping] = [], timeOffsets: TimeOffsets? = nil,
                    cgroupsPath: String? = nil, resources: Resources? = nil) {
            self.namespaces = namespaces
            self.uidMappings = uidMappings
            self.gidMappings = gidMappings
            self.timeOffsets = timeOffsets
            self.cgroupsPath = cgroupsPath
            self.resources = resources
        }
    }

    public struct Namespace: Sendable, Equatable {
        public var kind: NamespaceKind
        /// Join the namespace at this path (setns) instead of creating one.
        public var path: String?

        public init(_ kind: NamespaceKind, path: String? = nil) {
            self.kind = kind
            self.path = path
        }
    }

    public struct IDMapping: Sendable, Equatable {
        public var containerID: UInt32
        public var hostID: UInt32
        public var size: UInt32

        public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
            self.containerID = containerID
            self.hostID = hostID
            self.size = size
        }
    }

    /// `linux.timeOffsets`: how far the container's clocks stand from the host's.
    public struct TimeOffsets: Sendable, Equatable {
        public var monotonic: Offset?
        public var boottime: Offset?

        public init(monotonic: Offset? = nil, boottime: Offset? = nil) {
            self.monotonic = monotonic
            self.boottime = boottime
        }

        public struct Offset: Sendable, Equatable {
            public var secs: Int64
            public var nanosecs: UInt32

            public init(secs: Int64, nanosecs: UInt32 = 0) {
                self.secs = secs
                self.nanosecs = nanosecs
            }
        }
    }
}

/// The OCI namespace types, with the names `linux.namespaces[].type` uses.
public enum NamespaceKind: String, Sendable, CaseIterable, Equatable, Hashable {
    case pid, network, mount, ipc, uts, user, cgroup, time

    /// The name of the entry under /proc/PID/ns/ and of /proc/sys/user/max_*_namespaces.
    /// The one order namespaces are created and joined in, by apply and by exec (as nsenter and runc do): the
    /// user namespace first, since it grants the rights the other joins need, and the mount namespace last, since
    /// it would change how the later paths resolve.
    public static let joinOrder: [NamespaceKind] = [.user, .cgroup, .ipc, .uts, .network, .pid, .time, .mount]

    public var procName: String {
        switch self {
        case .pid: "pid"
        case .network: "net"
        case .mount: "mnt"
        case .ipc: "ipc"
        case .uts: "uts"
        case .user: "user"
        case .cgroup: "cgroup"
        case .time: "time"
        }
    }
}
