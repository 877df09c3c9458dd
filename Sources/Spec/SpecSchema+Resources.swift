/// `linux.resources`: the OCI runtime-spec 1.2 keys with the integer widths of its Go types, narrowed to the
/// ranges in ``ResourceLimits`` where the kernel or the spec define one.
extension SpecSchema {
    typealias L = ResourceLimits

    /// -1 (unlimited) or a positive number of bytes, or a size string.
    static let limitSize = SchemaType.oneOf([
        .integer(minimum: L.unlimited, maximum: L.unlimited),
        .integer(minimum: 1, maximum: Int64.max),
        .string(pattern: ByteSize.positivePattern),
    ])

    static func sized(_ text: String) -> String { text + "; " + ByteSize.unitsInWords + "." }

    public static let memory = SchemaObject(
        "Memory limits of the container's cgroup.",
        properties: [
            SchemaProperty("limit", limitSize, sized("Memory limit in bytes, -1 for none")),
            SchemaProperty("reservation", limitSize, sized("Soft limit (memory.low on cgroup v2) in bytes, -1 for none")),
            SchemaProperty("swap", limitSize, sized("Limit of memory plus swap in bytes (at least limit), -1 for unlimited swap")),
            SchemaProperty("kernel", .size(Int64.min...Int64.max), sized("Deprecated kernel memory limit in bytes (ignored by current kernels)")),
            SchemaProperty("kernelTCP", .size(Int64.min...Int64.max), sized("Kernel TCP buffer limit in bytes (cgroup v1 only; not recommended)")),
            SchemaProperty("swappiness", .integer(minimum: L.swappiness.lowerBound, maximum: L.swappiness.upperBound), "How eagerly the kernel swaps this cgroup's memory, 0 to 100."),
            SchemaProperty("disableOOMKiller", .boolean, "Pause instead of killing processes when the limit is reached (cgroup v1)."),
            SchemaProperty("useHierarchy", .boolean, "Count the memory of child cgroups (cgroup v1)."),
            SchemaProperty("checkBeforeUpdate", .boolean, "Refuse an update that sets the limit below the current usage."),
        ]
    )

    public static let cpu = SchemaObject(
        "CPU limits of the container's cgroup (times in microseconds).",
        properties: [
            SchemaProperty("shares", .integer(minimum: L.cpuShares.lowerBound, maximum: L.cpuShares.upperBound), "Relative CPU weight, 2 to 262144 (1024 is the default); cgroup v2 cpu.weight is derived from it."),
            SchemaProperty("quota", .oneOf([.integer(minimum: L.unlimited, maximum: L.unlimited), .integer(minimum: L.cpuQuotaMinimum, maximum: Int64.max)]), "CPU time the cgroup may use in each period, in µs: -1 for no limit, else at least 1000."),
            SchemaProperty("burst", .uint64, "CPU time in µs the cgroup may borrow beyond the quota (at most quota)."),
            SchemaProperty("period", .integer(minimum: L.cpuPeriod.lowerBound, maximum: L.cpuPeriod.upperBound), "Length of the quota period in µs, 1000 to 1000000 (default 100000)."),
            SchemaProperty("realtimeRuntime", .int64, "Real-time CPU time in µs the cgroup may use in each realtimePeriod."),
            SchemaProperty("realtimePeriod", .uint64, "Real-time scheduling period in µs."),
            SchemaProperty("cpus", .string(pattern: L.cpusetPattern), "CPUs the processes may run on, in the kernel's list syntax: 0-3,5,7-8."),
            SchemaProperty("mems", .string(pattern: L.cpusetPattern), "Memory nodes the processes may allocate from, in the kernel's list syntax: 0-1."),
            SchemaProperty("idle", .integer(minimum: L.cpuIdle.lowerBound, maximum: L.cpuIdle.upperBound), "1 runs the whole cgroup at SCHED_IDLE priority, 0 not."),
        ]
    )

    public static let pids = SchemaObject(
        "Process-count limit of the container's cgroup.",
        properties: [
            SchemaProperty("limit", .integer(minimum: L.unlimited, maximum: Int64.max), "Most tasks (processes and threads) the cgroup may hold; -1 or 0 for no limit."),
        ],
        required: ["limit"]
    )

    static let blockIOWeightType = SchemaType.integer(minimum: L.blockIOWeight.lowerBound, maximum: L.blockIOWeight.upperBound)
    static let deviceNumber = SchemaType.integer(minimum: L.deviceWildcard, maximum: Int64.max)

    public static let weightDevice = SchemaObject(
        "The block I/O weight of one device.",
        properties: [
            SchemaProperty("major", deviceNumber, "Major number of the block device."),
            SchemaProperty("minor", deviceNumber, "Minor number of the block device."),
            SchemaProperty("weight", blockIOWeightType, "Weight for this device, 10 to 1000."),
            SchemaProperty("leafWeight", blockIOWeightType, "Weight for this device against the cgroup's children (cgroup v1 CFQ), 10 to 1000."),
        ],
        required: ["major", "minor"]
    )

    static func throttleDevice(_ unit: String, rate: SchemaType) -> SchemaObject {
        SchemaObject(
            "A rate limit on one block device.",
            properties: [
                SchemaProperty("major", deviceNumber, "Major number of the block device."),
                SchemaProperty("minor", deviceNumber, "Minor number of the block device."),
                SchemaProperty("rate", rate, unit),
            ],
            required: ["major", "minor", "rate"]
        )
    }

    public static let throttleBytesDevice = throttleDevice(sized("Bytes per second"), rate: .unsignedSize(minimum: 0))
    public static let throttleIOPSDevice = throttleDevice("I/O operations per second.", rate: .uint64)

    public static let blockIO = SchemaObject(
        "Block I/O weights and throttles of the container's cgroup.",
        properties: [
            SchemaProperty("weight", blockIOWeightType, "Block I/O weight, 10 to 1000."),
            SchemaProperty("leafWeight", blockIOWeightType, "Weight against the cgroup's children (cgroup v1 CFQ), 10 to 1000."),
            SchemaProperty("weightDevice", .array(.object(weightDevice), minItems: 0), "Weights for single devices."),
            SchemaProperty("throttleReadBpsDevice", .array(.object(throttleBytesDevice), minItems: 0), "Read limits in bytes per second, per device."),
            SchemaProperty("throttleWriteBpsDevice", .array(.object(throttleBytesDevice), minItems: 0), "Write limits in bytes per second, per device."),
            SchemaProperty("throttleReadIOPSDevice", .array(.object(throttleIOPSDevice), minItems: 0), "Read limits in operations per second, per device."),
            SchemaProperty("throttleWriteIOPSDevice", .array(.object(throttleIOPSDevice), minItems: 0), "Write limits in operations per second, per device."),
        ]
    )

    public static let hugepageLimit = SchemaObject(
        "The huge page limit for one page size.",
        properties: [
            SchemaProperty("pageSize", .string(pattern: L.pageSizePattern), "Huge page size as the hugetlb controller names it: 2MB, 1GB, 64KB."),
            SchemaProperty("limit", .unsignedSize(minimum: 0), sized("Most bytes of huge pages of this size the cgroup may use")),
        ],
        required: ["pageSize", "limit"]
    )

    public static let interfacePriority = SchemaObject(
        "The priority of the container's traffic on one network interface.",
        properties: [
            SchemaProperty("name", .string, "Interface name."),
            SchemaProperty("priority", .uint32, "Priority of the traffic (net_prio)."),
        ],
        required: ["name", "priority"]
    )

    public static let network = SchemaObject(
        "Network classes and priorities (cgroup v1 net_cls and net_prio).",
        properties: [
            SchemaProperty("classID", .uint32, "net_cls class id of the container's packets (0xAAAABBBB is tc class AAAA:BBBB)."),
            SchemaProperty("priorities", .array(.object(interfacePriority), minItems: 0), "Traffic priorities per interface."),
        ]
    )

    public static let rdmaDevice = SchemaObject(
        "RDMA limits for one device.",
        properties: [
            SchemaProperty("hcaHandles", .uint32, "Most HCA handles the cgroup may hold."),
            SchemaProperty("hcaObjects", .uint32, "Most HCA objects the cgroup may hold."),
        ]
    )

    public static let rdma = SchemaObject(
        "RDMA limits, by device name (mlx5_1).",
        properties: [],
        additionalProperties: .object(rdmaDevice)
    )

    public static let unified = SchemaObject(
        "cgroup v2 files to write, by name (memory.high, io.max) → content. cgroup.procs, cgroup.threads and cgroup.subtree_control belong to the runtime.",
        properties: [],
        additionalProperties: .string,
        keyPattern: L.unifiedKeyPattern
    )

    public static let deviceRule = SchemaObject(
        "One device cgroup rule; the last rule that matches a device decides.",
        properties: [
            SchemaProperty("allow", .boolean, "Allow (true) or deny (false) the access."),
            SchemaProperty("type", .enumeration(ContainerSpec.Resources.DeviceType.allCases.map(\.rawValue)), "Device type: a (all), b (block) or c (character); default a."),
            SchemaProperty("major", deviceNumber, "Major number; absent or -1 for every one."),
            SchemaProperty("minor", deviceNumber, "Minor number; absent or -1 for every one."),
            SchemaProperty("access", .string(pattern: L.accessPattern), "Access the rule is about: some of r (read), w (write), m (mknod), each once; default rwm."),
        ],
        required: ["allow"]
    )

    public static let resources = SchemaObject(
        "Control group limits of the container (OCI runtime-spec 1.2 linux.resources).",
        properties: [
            SchemaProperty("devices", .array(.object(deviceRule), minItems: 0), "Device cgroup rules, in order."),
            SchemaProperty("memory", .object(memory), "Memory limits."),
            SchemaProperty("cpu", .object(cpu), "CPU shares, quota, period and sets."),
            SchemaProperty("pids", .object(pids), "Process-count limit."),
            SchemaProperty("blockIO", .object(blockIO), "Block I/O weights and throttles."),
            SchemaProperty("hugepageLimits", .array(.object(hugepageLimit), minItems: 0), "Huge page limits per page size."),
            SchemaProperty("network", .object(network), "Network class and priorities (cgroup v1)."),
            SchemaProperty("rdma", .object(rdma), "RDMA limits per device."),
            SchemaProperty("unified", .object(unified), "cgroup v2 files to write, by name."),
        ]
    )
}
