/// The keys a spec may hold, their types and what they mean: one table for the loader (unknown keys,
/// "did you mean", unsupported OCI keys), for `schema/mydocker-spec.schema.json` (``SpecSchema/jsonText``)
/// and for the tests that keep the two in step.
public indirect enum SchemaType: Sendable {
    /// `pattern` is a regular expression for editors (JSON Schema); the linter checks the same thing as a rule.
    case string(pattern: String?)
    case boolean
    case integer(minimum: Int64, maximum: Int64)
    /// For the OCI fields typed uint64, whose largest values do not fit in ``integer(minimum:maximum:)``.
    case unsignedInteger(minimum: UInt64, maximum: UInt64)
    case enumeration([String])
    case object(SchemaObject)
    case array(SchemaType, minItems: Int)
    /// One of several shapes (a namespace: `uts` or `{type: uts, path: …}`).
    case oneOf([SchemaType])

    public static let string = SchemaType.string(pattern: nil)
    public static let uint32 = SchemaType.integer(minimum: 0, maximum: Int64(UInt32.max))
    public static let uint16 = SchemaType.integer(minimum: 0, maximum: Int64(UInt16.max))
    public static let int64 = SchemaType.integer(minimum: Int64.min, maximum: Int64.max)
    public static let uint64 = SchemaType.unsignedInteger(minimum: 0, maximum: UInt64.max)
    public static let absolutePath = SchemaType.string(pattern: "^/")

    /// A number of bytes in `range`, or (YAML) a size string with a unit (``ByteSize``); `positive` refuses a zero string.
    public static func size(_ range: ClosedRange<Int64>, positive: Bool = false) -> SchemaType {
        .oneOf([.integer(minimum: range.lowerBound, maximum: range.upperBound), .string(pattern: positive ? ByteSize.positivePattern : ByteSize.pattern)])
    }

    /// ``size(_:positive:)`` for the uint64 fields.
    public static func unsignedSize(minimum: UInt64) -> SchemaType {
        .oneOf([.unsignedInteger(minimum: minimum, maximum: UInt64.max), .string(pattern: minimum > 0 ? ByteSize.positivePattern : ByteSize.pattern)])
    }
}

public struct SchemaProperty: Sendable {
    public var name: String
    public var type: SchemaType
    public var description: String

    public init(_ name: String, _ type: SchemaType, _ description: String) {
        self.name = name
        self.type = type
        self.description = description
    }
}

public struct SchemaObject: Sendable {
    public var description: String
    public var properties: [SchemaProperty]
    public var required: [String]
    /// OCI runtime-spec keys at this level that mydocker does not implement yet: an error, never ignored.
    public var unsupported: [String]
    /// For maps with free keys (annotations): the type of every other value; nil means no other key is allowed.
    public var additionalProperties: SchemaType?
    /// For maps with free keys: the pattern every key must match (JSON Schema `propertyNames`).
    public var keyPattern: String?

    public init(_ description: String, properties: [SchemaProperty], required: [String] = [], unsupported: [String] = [],
                additionalProperties: SchemaType? = nil, keyPattern: String? = nil) {
        self.description = description
        self.properties = properties
        self.required = required
        self.unsupported = unsupported
        self.additionalProperties = additionalProperties
        self.keyPattern = keyPattern
    }

    public var keys: [String] { properties.map(\.name) }

    public func property(_ name: String) -> SchemaProperty? {
        properties.first { $0.name == name }
    }
}

public enum SpecSchema {
    /// The annotation that turns mydocker's minimal init (PID 1 in front of the process) off with "false".
    public static let initAnnotation = "org.mydocker.init"

    public static let user = SchemaObject(
        "The identity the process runs as, inside the container's user namespace when there is one.",
        properties: [
            SchemaProperty("uid", .uint32, "User ID of the process (default 0)."),
            SchemaProperty("gid", .uint32, "Group ID of the process (default 0)."),
            SchemaProperty("additionalGids", .array(.uint32, minItems: 0), "Supplementary group IDs of the process."),
            SchemaProperty("umask", .integer(minimum: 0, maximum: 0o777), "File mode creation mask of the process (default 0022); write 0o077 in YAML or 63 in JSON."),
        ],
        unsupported: ["username"]
    )

    public static let process = SchemaObject(
        "The process the container runs.",
        properties: [
            SchemaProperty("args", .array(.string, minItems: 1), "The command and its arguments; args[0] is searched in the container's PATH."),
            SchemaProperty("env", .array(.string(pattern: "^[^=]+="), minItems: 0), "Environment variables, each written NAME=value."),
            SchemaProperty("cwd", .absolutePath, "Working directory of the process, an absolute path inside the container (default /)."),
            SchemaProperty("user", .object(user), "User and groups the process runs as."),
            SchemaProperty("terminal", .boolean, "Give the process its own pseudo-terminal (default false)."),
            SchemaProperty("capabilities", .object(capabilities), "Capability sets of the process; left out, it keeps every capability mydocker has."),
            SchemaProperty("rlimits", .array(.object(rlimit), minItems: 0), "Resource limits of the process (setrlimit(2))."),
            SchemaProperty("noNewPrivileges", .boolean, "Set no_new_privs: no execve can grant privileges (setuid bits, file capabilities) (default false)."),
            SchemaProperty("oomScoreAdj", .integer(minimum: -1000, maximum: 1000), "The process's /proc/self/oom_score_adj, -1000 to 1000."),
            SchemaProperty("ioPriority", .object(ioPriority), "I/O scheduling class and level of the process."),
            SchemaProperty("scheduler", .object(scheduler), "CPU scheduling policy of the process."),
            SchemaProperty("apparmorProfile", .string, "AppArmor profile the process runs under; the host must run AppArmor (mydocker, like runc, refuses to start otherwise)."),
            SchemaProperty("selinuxLabel", .string, "SELinux label of the process; the host must run SELinux (mydocker, like runc, refuses to start otherwise)."),
            SchemaProperty("consoleSize", .object(consoleSize), "The first size of the process's terminal (with terminal: true); the caller's terminal size follows when it changes."),
        ],
        required: ["args"],
        unsupported: ["execCPUAffinity", "commandLine"]
    )

    public static let root = SchemaObject(
        "The container's root file system. Without it the container sees the host's file system.",
        properties: [
            SchemaProperty("path", .string, "Folder holding the root file system; a relative path is resolved against the spec file's folder."),
            SchemaProperty("readonly", .boolean, "Make the root file system read-only once the mounts are done (default false)."),
        ],
        required: ["path"]
    )

    public static let mount = SchemaObject(
        "One mount made in the container's mount namespace, in list order.",
        properties: [
            SchemaProperty("destination", .absolutePath, "Where the mount appears: an absolute path inside the container."),
            SchemaProperty("type", .string, "File system type (proc, tmpfs, bind, ext4, xfs, …), as for mount -t."),
            SchemaProperty("source", .string, "What to mount: a device, a file system image (with the loop option), a folder to bind, or a name for virtual file systems; relative bind and loop sources resolve against the spec file's folder."),
            SchemaProperty("options", .array(.string, minItems: 0), "mount(8)/fstab option words: ro, rw, nosuid, nodev, noexec, bind, rbind, private, size=…, mode=…; loop attaches the source image to a loop device first; tmpcopyup (a tmpfs) starts with a copy of the directory it covers."),
        ],
        required: ["destination"],
        unsupported: ["uidMappings", "gidMappings"]
    )

    public static let namespaceObject = SchemaObject(
        "A namespace to create, or to join when path is given.",
        properties: [
            SchemaProperty("type", .enumeration(NamespaceKind.allCases.map(\.rawValue)), "Namespace type: pid, network, mount, ipc, uts, user, cgroup or time."),
            SchemaProperty("path", .string, "Join the namespace at this path (for example /proc/1234/ns/net) instead of creating one."),
        ],
        required: ["type"]
    )

    public static let namespace = SchemaType.oneOf([
        .enumeration(NamespaceKind.allCases.map(\.rawValue)),
        .object(namespaceObject),
    ])

    public static let idMapping = SchemaObject(
        "A range of IDs inside the container and the host IDs it stands for.",
        properties: [
            SchemaProperty("containerID", .uint32, "First ID of the range inside the container."),
            SchemaProperty("hostID", .uint32, "First ID of the range on the host."),
            SchemaProperty("size", .integer(minimum: 1, maximum: Int64(UInt32.max)), "Number of IDs in the range (at least 1)."),
        ],
        required: ["containerID", "hostID", "size"]
    )

    public static let timeOffset = SchemaObject(
        "How far this clock of the container stands from the host's.",
        properties: [
            SchemaProperty("secs", .integer(minimum: Int64.min, maximum: Int64.max), "Seconds added to the host's clock (may be negative)."),
            SchemaProperty("nanosecs", .integer(minimum: 0, maximum: 999_999_999), "Nanoseconds added on top of secs (0 to 999999999)."),
        ]
    )

    public static let timeOffsets = SchemaObject(
        "Offsets of the container's clocks in its time namespace.",
        properties: [
            SchemaProperty("monotonic", .object(timeOffset), "Offset of CLOCK_MONOTONIC."),
            SchemaProperty("boottime", .object(timeOffset), "Offset of CLOCK_BOOTTIME."),
        ]
    )

    public static let linux = SchemaObject(
        "Linux-specific settings: namespaces, ID mappings, time offsets, the control group and its limits.",
        properties: [
            SchemaProperty("namespaces", .array(namespace, minItems: 0), "Namespaces of the container: a type name (- uts) or {type, path}."),
            SchemaProperty("uidMappings", .array(.object(idMapping), minItems: 0), "User ID ranges of the user namespace (at most 340)."),
            SchemaProperty("gidMappings", .array(.object(idMapping), minItems: 0), "Group ID ranges of the user namespace (at most 340)."),
            SchemaProperty("timeOffsets", .object(timeOffsets), "Clock offsets for the time namespace."),
            SchemaProperty("cgroupsPath", .string, "The container's control group: a path, absolute (from the cgroup root) or relative to the runtime's own cgroup, or slice:prefix:name for the systemd driver; never `/` and without `..`."),
            SchemaProperty("resources", .object(resources), "Control group limits: memory, cpu, pids, block I/O, huge pages, network, RDMA, unified (cgroup v2) files and device rules."),
            SchemaProperty("devices", .array(.object(device), minItems: 0), "Device nodes made in the container, besides the default ones (null, zero, full, random, urandom, tty) a /dev mount gets."),
            SchemaProperty("sysctl", .object(sysctl), "Kernel parameters written in the container's namespaces."),
            SchemaProperty("maskedPaths", .array(.absolutePath, minItems: 0), "Paths hidden from the container (/dev/null over files, an empty read-only tmpfs over folders)."),
            SchemaProperty("readonlyPaths", .array(.absolutePath, minItems: 0), "Paths the container sees read-only."),
            SchemaProperty("rootfsPropagation", .enumeration(ProcessNames.rootfsPropagations), "Mount propagation of the container's root: private, shared, slave or unbindable, r… for recursive."),
            SchemaProperty("personality", .object(personality), "Execution domain of the process (LINUX32: uname -m says i686)."),
            SchemaProperty("seccomp", .object(seccomp), "System call filter, compiled by libseccomp and installed last, just before the process starts."),
            SchemaProperty("mountLabel", .string, "SELinux context of the file systems the container mounts (tmpfs, devpts, …), where SELinux is active; ignored elsewhere, as by runc."),
        ],
        unsupported: ["intelRdt", "memoryPolicy", "netDevices"]
    )

    public static let annotations = SchemaObject(
        "Free-form string annotations. mydocker reads org.mydocker.init.",
        properties: [
            SchemaProperty(initAnnotation, .enumeration(["true", "false"]), "\"false\" runs the process itself as PID 1 instead of behind mydocker's minimal init (default \"true\")."),
        ],
        additionalProperties: .string
    )

    public static let spec = SchemaObject(
        "A mydocker container spec: the OCI runtime-spec config.json vocabulary, in YAML or JSON.",
        properties: [
            SchemaProperty("ociVersion", .string, "Version of the OCI runtime specification the spec follows (informative)."),
            SchemaProperty("hostname", .string, "Hostname inside the container; needs a uts namespace."),
            SchemaProperty("domainname", .string, "NIS domain name inside the container; needs a uts namespace."),
            SchemaProperty("annotations", .object(annotations), "Free-form string annotations."),
            SchemaProperty("process", .object(process), "The process the container runs."),
            SchemaProperty("root", .object(root), "The container's root file system (absent: the host's)."),
            SchemaProperty("mounts", .array(.object(mount), minItems: 0), "Mounts made in the container, in order."),
            SchemaProperty("linux", .object(linux), "Linux-specific settings: namespaces, ID mappings, time offsets, control group and limits."),
            SchemaProperty("hooks", .object(hooks), "Programs run at points of the container's life (prestart, createRuntime, createContainer, startContainer, poststart, poststop)."),
            SchemaProperty("network", .object(networkSection), "mydocker's extension: the network the container joins (none, host, bridge or a named network), published ports, a fixed address, /etc/hosts entries and name servers, set up with the CNI plugins."),
        ],
        required: ["process"],
        unsupported: ["solaris", "windows", "vm", "zos"]
    )

    /// Every key the loader knows, as dotted paths (`process.user.uid`, `linux.namespaces[].type`), in schema order.
    public static var keyPaths: [String] {
        var out: [String] = []
        collect(.object(spec), prefix: "", into: &out)
        return out
    }

    private static func collect(_ type: SchemaType, prefix: String, into out: inout [String]) {
        switch type {
        case .object(let object):
            for p in object.properties {
                let path = prefix.isEmpty ? p.name : prefix + "." + p.name
                out.append(path)
                collect(p.type, prefix: path, into: &out)
            }
        case .array(let items, _):
            collect(items, prefix: prefix + "[]", into: &out)
        case .oneOf(let options):
            for o in options { collect(o, prefix: prefix, into: &out) }
        case .string, .boolean, .integer, .unsignedInteger, .enumeration:
            break
        }
    }
}
