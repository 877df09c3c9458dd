extension ContainerSpec {
    /// `linux.resources`: the control group limits of the container, with the OCI runtime-spec 1.2 keys and the
    /// integer widths of its Go types (`specs-go/config.go`). An optional field is nil when the spec leaves it
    /// out, which is never the same as 0. Every value's position is in ``SpecSource/positions`` under its
    /// pointer (`/linux/resources/memory/limit`, `/linux/resources/devices/2/access`).
    ///
    /// Memory sizes and byte rates are bytes here, whatever unit the YAML wrote them with (``ByteSize``).
    public struct Resources: Sendable, Equatable {
        /// Device cgroup rules, in spec order: the last rule that matches a device decides.
        public var devices: [DeviceRule]
        public var memory: Memory?
        public var cpu: CPU?
        public var pids: Pids?
        public var blockIO: BlockIO?
        public var hugepageLimits: [HugepageLimit]
        public var network: Network?
        /// Per RDMA device name (`mlx5_1`).
        public var rdma: [String: RDMA]
        /// cgroup v2 files to write, by name (`memory.high`) → content.
        public var unified: [String: String]

        public init(
            devices: [DeviceRule] = [],
            memory: Memory? = nil,
            cpu: CPU? = nil,
            pids: Pids? = nil,
            blockIO: BlockIO? = nil,
            hugepageLimits: [HugepageLimit] = [],
            network: Network? = nil,
            rdma: [String: RDMA] = [:],
            unified: [String: String] = [:]
        ) {
            self.devices = devices
            self.memory = memory
            self.cpu = cpu
            self.pids = pids
            self.blockIO = blockIO
            self.hugepageLimits = hugepageLimits
            self.network = network
            self.rdma = rdma
            self.unified = unified
        }
    }
}

extension ContainerSpec.Resources {
    /// `devices[]`: allow or deny access to devices. Absent `major`/`minor` match every number (`*`).
    public struct DeviceRule: Sendable, Equatable {
        public var allow: Bool
        /// Absent: every type (`a`).
        public var type: DeviceType?
        public var major: Int64?
        public var minor: Int64?
        /// A non-empty subset of `rwm`; absent: all of them.
        public var access: String?

        public init(allow: Bool, type: DeviceType? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
            self.allow = allow
            self.type = type
            self.major = major
            self.minor = minor
            self.access = access
        }
    }

    public enum DeviceType: String, Sendable, Equatable, CaseIterable {
        case all = "a"
        case block = "b"
        case char = "c"
    }

    /// `memory`: sizes in bytes; -1 means unlimited for limit, reservation and swap.
    public struct Memory: Sendable, Equatable {
        public var limit: Int64?
        public var reservation: Int64?
        /// Memory plus swap, as runc and the v1 `memory.memsw.limit_in_bytes` count it.
        public var swap: Int64?
        public var kernel: Int64?
        public var kernelTCP: Int64?
        public var swappiness: UInt64?
        public var disableOOMKiller: Bool?
        public var useHierarchy: Bool?
        public var checkBeforeUpdate: Bool?

        public init(limit: Int64? = nil, reservation: Int64? = nil, swap: Int64? = nil, kernel: Int64? = nil, kernelTCP: Int64? = nil,
                    swappiness: UInt64? = nil, disableOOMKiller: Bool? = nil, useHierarchy: Bool? = nil, checkBeforeUpdate: Bool? = nil) {
            self.limit = limit
            self.reservation = reservation
            self.swap = swap
            self.kernel = kernel
            self.kernelTCP = kernelTCP
            self.swappiness = swappiness
            self.disableOOMKiller = disableOOMKiller
            self.useHierarchy = useHierarchy
            self.checkBeforeUpdate = checkBeforeUpdate
        }
    }

    /// `cpu`: times in microseconds.
    public struct CPU: Sendable, Equatable {
        public var shares: UInt64?
        /// -1: no limit.
        public var quota: Int64?
        public var burst: UInt64?
        public var period: UInt64?
        public var realtimeRuntime: Int64?
        public var realtimePeriod: UInt64?
        /// A kernel CPU list (`0-3,5`).
        public var cpus: String?
        /// A kernel memory node list (`0-1`).
        public var mems: String?
        /// 1: SCHED_IDLE for the whole group.
        public var idle: Int64?

        public init(shares: UInt64? = nil, quota: Int64? = nil, burst: UInt64? = nil, period: UInt64? = nil, realtimeRuntime: Int64? = nil,
                    realtimePeriod: UInt64? = nil, cpus: String? = nil, mems: String? = nil, idle: Int64? = nil) {
            self.shares = shares
            self.quota = quota
            self.burst = burst
            self.period = period
            self.realtimeRuntime = realtimeRuntime
            self.realtimePeriod = realtimePeriod
            self.cpus = cpus
            self.mems = mems
            self.idle = idle
        }
    }

    public struct Pids: Sendable, Equatable {
        /// -1 or 0: no limit.
        public var limit: Int64

        public init(limit: Int64) {
            self.limit = limit
        }
    }

    public struct BlockIO: Sendable, Equatable {
        public var weight: UInt16?
        public var leafWeight: UInt16?
        public var weightDevice: [WeightDevice]
        /// Bytes per second.
        public var throttleReadBpsDevice: [ThrottleDevice]
        public var throttleWriteBpsDevice: [ThrottleDevice]
        /// Operations per second.
        public var throttleReadIOPSDevice: [ThrottleDevice]
        public var throttleWriteIOPSDevice: [ThrottleDevice]

        public init(weight: UInt16? = nil, leafWeight: UInt16? = nil, weightDevice: [WeightDevice] = [],
                    throttleReadBpsDevice: [ThrottleDevice] = [], throttleWriteBpsDevice: [ThrottleDevice] = [],
                    throttleReadIOPSDevice: [ThrottleDevice] = [], throttleWriteIOPSDevice: [ThrottleDevice] = []) {
            self.weight = weight
            self.leafWeight = leafWeight
            self.weightDevice = weightDevice
            self.throttleReadBpsDevice = throttleReadBpsDevice
            self.throttleWriteBpsDevice = throttleWriteBpsDevice
            self.throttleReadIOPSDevice = throttleReadIOPSDevice
            self.throttleWriteIOPSDevice = throttleWriteIOPSDevice
        }
    }

    public struct WeightDevice: Sendable, Equatable {
        public var major: Int64
        public var minor: Int64
        public var weight: UInt16?
        public var leafWeight: UInt16?

        public init(major: Int64, minor: Int64, weight: UInt16? = nil, leafWeight: UInt16? = nil) {
            self.major = major
            self.minor = minor
            self.weight = weight
            self.leafWeight = leafWeight
        }
    }

    public struct ThrottleDevice: Sendable, Equatable {
        public var major: Int64
        public var minor: Int64
        public var rate: UInt64

        public init(major: Int64, minor: Int64, rate: UInt64) {
            self.major = major
            self.minor = minor
            self.rate = rate
        }
    }

    public struct HugepageLimit: Sendable, Equatable {
        /// `2MB`, `1GB`, `64KB`: the name the hugetlb controller's files use.
        public var pageSize: String
        /// Bytes.
        public var limit: UInt64

        public init(pageSize: String, limit: UInt64) {
            self.pageSize = pageSize
            self.limit = limit
        }
    }

    public struct Network: Sendable, Equatable {
        /// net_cls class id (`0xAAAABBBB` is tc class `AAAA:BBBB`).
        public var classID: UInt32?
        public var priorities: [InterfacePriority]

        public init(classID: UInt32? = nil, priorities: [InterfacePriority] = []) {
            self.classID = classID
            self.priorities = priorities
        }
    }

    public struct InterfacePriority: Sendable, Equatable {
        public var name: String
        public var priority: UInt32

        public init(name: String, priority: UInt32) {
            self.name = name
            self.priority = priority
        }
    }

    public struct RDMA: Sendable, Equatable {
        public var hcaHandles: UInt32?
        public var hcaObjects: UInt32?

        public init(hcaHandles: UInt32? = nil, hcaObjects: UInt32? = nil) {
            self.hcaHandles = hcaHandles
            self.hcaObjects = hcaObjects
        }
    }
}
