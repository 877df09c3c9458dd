/// The security keys of `process` and `linux`, and `hooks` (OCI runtime-spec 1.2).
extension SpecSchema {
    static let capabilityList = SchemaType.array(.enumeration(Capability.names), minItems: 0)

    public static let capabilities = SchemaObject(
        "The capability sets of the process, as CAP_* names. Left out, the process keeps every capability of mydocker itself.",
        properties: [
            SchemaProperty("bounding", capabilityList, "The bounding set: the most the process and its children can ever gain."),
            SchemaProperty("effective", capabilityList, "The capabilities the kernel checks."),
            SchemaProperty("inheritable", capabilityList, "The capabilities kept across execve of a program with matching file capabilities."),
            SchemaProperty("permitted", capabilityList, "The capabilities the process may make effective."),
            SchemaProperty("ambient", capabilityList, "Capabilities kept across execve of any program; each must also be permitted and inheritable."),
        ]
    )

    public static let rlimit = SchemaObject(
        "A resource limit of the process (setrlimit(2)).",
        properties: [
            SchemaProperty("type", .enumeration(RlimitName.names), "The limit: RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_CORE, …"),
            SchemaProperty("soft", .uint64, "The value the kernel enforces (at most hard)."),
            SchemaProperty("hard", .uint64, "The ceiling the process may raise soft to."),
        ],
        required: ["type", "soft", "hard"]
    )

    public static let consoleSize = SchemaObject(
        "The size of the process's terminal (with terminal: true).",
        properties: [
            SchemaProperty("height", .uint32, "Rows."),
            SchemaProperty("width", .uint32, "Columns."),
        ],
        required: ["height", "width"]
    )

    public static let ioPriority = SchemaObject(
        "The I/O scheduling class and level of the process (ioprio_set(2)).",
        properties: [
            SchemaProperty("class", .enumeration(ProcessNames.ioPriorityClasses), "IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE."),
            SchemaProperty("priority", .integer(minimum: 0, maximum: 7), "Level within the class, 0 (highest) to 7."),
        ],
        required: ["class"]
    )

    public static let scheduler = SchemaObject(
        "The CPU scheduling policy of the process (sched_setattr(2)).",
        properties: [
            SchemaProperty("policy", .enumeration(ProcessNames.schedulerPolicies), "SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE or SCHED_DEADLINE."),
            SchemaProperty("nice", .integer(minimum: -20, maximum: 19), "Nice value for SCHED_OTHER and SCHED_BATCH, -20 to 19."),
            SchemaProperty("priority", .integer(minimum: 0, maximum: 99), "Static priority for SCHED_FIFO and SCHED_RR, 1 to 99."),
            SchemaProperty("flags", .array(.enumeration(ProcessNames.schedulerFlags), minItems: 0), "SCHED_FLAG_* names."),
            SchemaProperty("runtime", .uint64, "SCHED_DEADLINE runtime in nanoseconds."),
            SchemaProperty("deadline", .uint64, "SCHED_DEADLINE deadline in nanoseconds."),
            SchemaProperty("period", .uint64, "SCHED_DEADLINE period in nanoseconds."),
        ],
        required: ["policy"]
    )

    public static let device = SchemaObject(
        "A device node made in the container.",
        properties: [
            SchemaProperty("path", .absolutePath, "Where the node appears inside the container (/dev/fuse)."),
            SchemaProperty("type", .enumeration(ProcessNames.deviceTypes), "c (character), b (block), u (unbuffered character) or p (FIFO)."),
            SchemaProperty("major", .int64, "Major number (not for p)."),
            SchemaProperty("minor", .int64, "Minor number (not for p)."),
            SchemaProperty("fileMode", .integer(minimum: 0, maximum: 0o7777), "Permission bits (default 0666); write 0o666 in YAML or 438 in JSON."),
            SchemaProperty("uid", .uint32, "Owner inside the container (default 0)."),
            SchemaProperty("gid", .uint32, "Group inside the container (default 0)."),
        ],
        required: ["path", "type"]
    )

    public static let sysctl = SchemaObject(
        "Kernel parameters written in the container's namespaces, by dotted name (net.ipv4.ip_forward: \"1\"); only parameters of a namespace the container has of its own.",
        properties: [],
        additionalProperties: .string,
        keyPattern: "^[a-z0-9_]+([./][a-zA-Z0-9_*-]+)+$"
    )

    public static let personality = SchemaObject(
        "The execution domain of the process (personality(2)).",
        properties: [
            SchemaProperty("domain", .enumeration(ProcessNames.personalityDomains), "LINUX or LINUX32 (uname -m says i686)."),
            SchemaProperty("flags", .array(.string, minItems: 0), "Additional personality flags (none are defined by the OCI spec yet)."),
        ],
        required: ["domain"]
    )

    public static let seccompArgument = SchemaObject(
        "A condition on one argument of the call.",
        properties: [
            SchemaProperty("index", .integer(minimum: 0, maximum: 5), "Which argument, 0 to 5."),
            SchemaProperty("value", .uint64, "The value to compare with."),
            SchemaProperty("valueTwo", .uint64, "For SCMP_CMP_MASKED_EQ: the value the masked argument must equal (value is the mask)."),
            SchemaProperty("op", .enumeration(SeccompNames.operators), "SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE or SCMP_CMP_MASKED_EQ."),
        ],
        required: ["index", "value", "op"]
    )

    public static let seccompSyscall = SchemaObject(
        "A rule: what happens when the process makes one of these calls with matching arguments.",
        properties: [
            SchemaProperty("names", .array(.string, minItems: 1), "System call names (openat, clone3, …)."),
            SchemaProperty("action", .enumeration(SeccompNames.actions), "SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS, …"),
            SchemaProperty("errnoRet", .uint32, "The errno of SCMP_ACT_ERRNO or SCMP_ACT_TRACE (default EPERM)."),
            SchemaProperty("args", .array(.object(seccompArgument), minItems: 0), "Conditions on the arguments, all of which must hold."),
        ],
        required: ["names", "action"]
    )

    public static let seccomp = SchemaObject(
        "A system call filter, compiled by libseccomp and installed last, just before the process starts.",
        properties: [
            SchemaProperty("defaultAction", .enumeration(SeccompNames.actions), "What calls no rule matches get: SCMP_ACT_ERRNO, SCMP_ACT_ALLOW, …"),
            SchemaProperty("defaultErrnoRet", .uint32, "The errno of a default SCMP_ACT_ERRNO (default EPERM)."),
            SchemaProperty("architectures", .array(.enumeration(SeccompNames.architectures), minItems: 0), "Architectures the filter also covers (SCMP_ARCH_X86 for 32-bit programs on x86_64)."),
            SchemaProperty("flags", .array(.enumeration(SeccompNames.flags), minItems: 0), "SECCOMP_FILTER_FLAG_* flags for seccomp(2)."),
            SchemaProperty("syscalls", .array(.object(seccompSyscall), minItems: 0), "The rules."),
        ],
        required: ["defaultAction"],
        unsupported: ["listenerPath", "listenerMetadata"]
    )

    public static let hook = SchemaObject(
        "A program run at a point of the container's life, with the container's state JSON on its standard input.",
        properties: [
            SchemaProperty("path", .absolutePath, "Absolute path of the program, in the runtime's namespace."),
            SchemaProperty("args", .array(.string, minItems: 0), "Its arguments, args[0] included (as execve takes them)."),
            SchemaProperty("env", .array(.string(pattern: "^[^=]+="), minItems: 0), "Its whole environment, NAME=value."),
            SchemaProperty("timeout", .integer(minimum: 1, maximum: Int64(Int32.max)), "Seconds after which it is killed and counts as failed."),
        ],
        required: ["path"]
    )

    static let hookList = SchemaType.array(.object(hook), minItems: 0)

    public static let hooks = SchemaObject(
        "Programs run at points of the container's life. A failing hook before the process starts stops the run; a failing poststart or poststop hook is a warning.",
        properties: [
            SchemaProperty("prestart", hookList, "Deprecated (use createRuntime): in the runtime's namespaces, once the container's namespaces exist."),
            SchemaProperty("createRuntime", hookList, "In the runtime's namespaces, once the container's namespaces exist, before pivot_root."),
            SchemaProperty("createContainer", hookList, "In the container's namespaces, before pivot_root."),
            SchemaProperty("startContainer", hookList, "In the container, just before its process starts."),
            SchemaProperty("poststart", hookList, "In the runtime's namespaces, once the process has started."),
            SchemaProperty("poststop", hookList, "In the runtime's namespaces, once the container has stopped."),
        ]
    )
}
