extension ContainerSpec {
    /// `process.capabilities`: the five capability sets of the process, as `CAP_*` names. nil leaves the sets the
    /// runtime's own process has (runc does the same); an empty set is empty.
    public struct Capabilities: Sendable, Equatable {
        public var bounding: [String]
        public var effective: [String]
        public var inheritable: [String]
        public var permitted: [String]
        public var ambient: [String]

        public init(bounding: [String] = [], effective: [String] = [], inheritable: [String] = [], permitted: [String] = [],
                    ambient: [String] = []) {
            self.bounding = bounding
            self.effective = effective
            self.inheritable = inheritable
            self.permitted = permitted
            self.ambient = ambient
        }
    }

    /// One entry of `process.rlimits`: `RLIMIT_NOFILE` with its soft and hard values.
    public struct Rlimit: Sendable, Equatable {
        /// `RLIMIT_*`, as written (``Rlimits/names`` lists the known ones).
        public var type: String
        public var soft: UInt64
        public var hard: UInt64

        public init(type: String, soft: UInt64, hard: UInt64) {
            self.type = type
            self.soft = soft
            self.hard = hard
        }
    }

    /// `process.ioPriority`: an I/O scheduling class and its level.
    public struct IOPriority: Sendable, Equatable {
        /// `IOPRIO_CLASS_RT`, `IOPRIO_CLASS_BE` or `IOPRIO_CLASS_IDLE`.
        public var ioClass: String
        /// 0 (highest) to 7.
        public var priority: Int32

        public init(ioClass: String, priority: Int32 = 0) {
            self.ioClass = ioClass
            self.priority = priority
        }
    }

    /// `process.scheduler`: the sched_setattr(2) policy and its parameters.
    public struct Scheduler: Sendable, Equatable {
        /// `SCHED_OTHER`, `SCHED_FIFO`, `SCHED_RR`, `SCHED_BATCH`, `SCHED_ISO`, `SCHED_IDLE` or `SCHED_DEADLINE`.
        public var policy: String
        public var nice: Int32?
        public var priority: Int32?
        /// `SCHED_FLAG_*` names.
        public var flags: [String]
        /// Nanoseconds, for SCHED_DEADLINE.
        public var runtime: UInt64?
        public var deadline: UInt64?
        public var period: UInt64?

        public init(policy: String, nice: Int32? = nil, priority: Int32? = nil, flags: [String] = [], runtime: UInt64? = nil,
                    deadline: UInt64? = nil, period: UInt64? = nil) {
            self.policy = policy
            self.nice = nice
            self.priority = priority
            self.flags = flags
            self.runtime = runtime
            self.deadline = deadline
            self.period = period
        }
    }

    /// `process.consoleSize`: the terminal's size when `terminal` is true.
    public struct ConsoleSize: Sendable, Equatable {
        public var height: UInt32
        public var width: UInt32

        public init(height: UInt32, width: UInt32) {
            self.height = height
            self.width = width
        }
    }

    /// One entry of `linux.devices`: a device node made in the container.
    public struct Device: Sendable, Equatable {
        /// Absolute path inside the container (`/dev/fuse`).
        public var path: String
        /// `c`, `b`, `u` (unbuffered character) or `p` (FIFO).
        public var type: String
        public var major: Int64
        public var minor: Int64
        /// Permission bits; nil: 0666 as runc.
        public var fileMode: UInt32?
        public var uid: UInt32?
        public var gid: UInt32?

        public init(path: String, type: String, major: Int64 = 0, minor: Int64 = 0, fileMode: UInt32? = nil, uid: UInt32? = nil,
                    gid: UInt32? = nil) {
            self.path = path
            self.type = type
            self.major = major
            self.minor = minor
            self.fileMode = fileMode
            self.uid = uid
            self.gid = gid
        }
    }

    /// `linux.personality`: the execution domain (`LINUX` or `LINUX32`) and its flags.
    public struct Personality: Sendable, Equatable {
        public var domain: String
        public var flags: [String]

        public init(domain: String, flags: [String] = []) {
            self.domain = domain
            self.flags = flags
        }
    }

    /// `linux.seccomp`: a system call filter, in the OCI's terms (libseccomp's action, architecture and operator
    /// names), compiled by libseccomp when the container starts.
    public struct Seccomp: Sendable, Equatable {
        /// `SCMP_ACT_*` for every call no rule matches.
        public var defaultAction: String
        /// The errno of a default `SCMP_ACT_ERRNO` or `SCMP_ACT_TRACE` (nil: EPERM).
        public var defaultErrnoRet: UInt32?
        /// `SCMP_ARCH_*`: the architectures the filter also accepts besides the native one.
        public var architectures: [String]
        /// `SECCOMP_FILTER_FLAG_*`.
        public var flags: [String]
        public var listenerPath: String?
        public var listenerMetadata: String?
        public var syscalls: [Syscall]

        public init(defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String] = [], flags: [String] = [],
                    listenerPath: String? = nil, listenerMetadata: String? = nil, syscalls: [Syscall] = []) {
            self.defaultAction = defaultAction
            self.defaultErrnoRet = defaultErrnoRet
            self.architectures = architectures
            self.flags = flags
            self.listenerPath = listenerPath
            self.listenerMetadata = listenerMetadata
            self.syscalls = syscalls
        }

        /// One rule: these calls, when the arguments match, get `action`.
        public struct Syscall: Sendable, Equatable {
            public var names: [String]
            public var action: String
            public var errnoRet: UInt32?
            public var args: [Argument]

            public init(names: [String], action: String, errnoRet: UInt32? = nil, args: [Argument] = []) {
                self.names = names
                self.action = action
                self.errnoRet = errnoRet
                self.args = args
            }
        }

        /// A condition on argument `index`: `SCMP_CMP_*` against `value` (and `valueTwo` for `SCMP_CMP_MASKED_EQ`).
        public struct Argument: Sendable, Equatable {
            public var index: UInt32
            public var value: UInt64
            public var valueTwo: UInt64
            public var op: String

            public init(index: UInt32, value: UInt64, valueTwo: UInt64 = 0, op: String) {
                self.index = index
                self.value = value
                self.valueTwo = valueTwo
                self.op = op
            }
        }
    }

    /// `hooks`: programs the runtime runs at points of the container's life, each given the container's state
    /// (OCI state JSON) on its standard input.
    public struct Hooks: Sendable, Equatable {
        /// Deprecated by the OCI spec in favour of createRuntime; run at the same point, before it.
        public var prestart: [Hook]
        /// In the runtime's namespaces, once the container's namespaces exist, before pivot_root.
        public var createRuntime: [Hook]
        /// In the container's namespaces, before pivot_root.
        public var createContainer: [Hook]
        /// In the container, after pivot_root, just before the process starts.
        public var startContainer: [Hook]
        /// In the runtime's namespaces, once the process has started.
        public var poststart: [Hook]
        /// In the runtime's namespaces, once the container is gone.
        public var poststop: [Hook]

        public init(prestart: [Hook] = [], createRuntime: [Hook] = [], createContainer: [Hook] = [], startContainer: [Hook] = [],
                    poststart: [Hook] = [], poststop: [Hook] = []) {
            self.prestart = prestart
            self.createRuntime = createRuntime
            self.createContainer = createContainer
            self.startContainer = startContainer
            self.poststart = poststart
            self.poststop = poststop
        }

        public var isEmpty: Bool {
            prestart.isEmpty && createRuntime.isEmpty && createContainer.isEmpty && startContainer.isEmpty
                && poststart.isEmpty && poststop.isEmpty
        }
    }

    /// One hook: an absolute path run with `args` (args[0] included, as execve takes them) and `env`.
    public struct Hook: Sendable, Equatable {
        public var path: String
        public var args: [String]
        public var env: [String]
        /// Seconds; nil waits as long as it takes.
        public var timeout: Int64?

        public init(path: String, args: [String] = [], env: [String] = [], timeout: Int64? = nil) {
            self.path = path
            self.args = args
            self.env = env
            self.timeout = timeout
        }
    }
}
