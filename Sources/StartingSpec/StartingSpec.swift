import Spec

/// The spec `mydocker spec` prints: a shell in a confined container, as `runc spec` makes one (runc's
/// libcontainer/specconv `Example` and `ToRootless`), so that a newcomer starts from what runc and crun run.
///
/// Its own pid, network, ipc, uts and mount namespaces (and cgroup, on a cgroup v2 host, as runc); runc's
/// mounts (/proc, a /dev tmpfs with devpts, shm and mqueue, /sys and the cgroup tree read-only); three
/// capabilities and no ambient ones; runc's masked and read-only paths; no_new_privs; 1024 open files; every
/// device but the defaults denied; and, when given, a seccomp profile converted for those capabilities.
public enum StartingSpec {
    public struct Options: Sendable, Equatable {
        /// runc's `--rootless`: a user namespace mapping root to the caller, no network namespace, /sys bound
        /// from the host, no cgroup settings.
        public var rootless: Bool
        /// The caller's effective user and group, root inside a rootless container.
        public var uid: UInt32
        public var gid: UInt32
        /// Whether the host's /sys/fs/cgroup is cgroup v2: runc adds a cgroup namespace then.
        public var cgroupNamespace: Bool
        /// The folder the spec will be read from, which `root.path: rootfs` is relative to.
        public var baseDirectory: String

        public init(rootless: Bool = false, uid: UInt32 = 0, gid: UInt32 = 0, cgroupNamespace: Bool = false, baseDirectory: String = "/") {
            self.rootless = rootless
            self.uid = uid
            self.gid = gid
            self.cgroupNamespace = cgroupNamespace
            self.baseDirectory = baseDirectory
        }
    }

    /// The version of the OCI runtime specification whose vocabulary mydocker reads.
    public static let ociVersion = "1.2.0"

    /// runc's `linux.maskedPaths`: files of the kernel that tell about the host or let a process attack it.
    public static let maskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ]

    /// runc's `linux.readonlyPaths`: kernel settings a container must not change.
    public static let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// runc's mounts, in its order.
    public static let mounts: [ContainerSpec.Mount] = [
        .init(destination: "/proc", type: "proc", source: "proc"),
        .init(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        .init(destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        .init(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        .init(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        .init(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        .init(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
    ]

    /// The starting spec, without a seccomp profile (see ``DockerProfile/seccomp(for:)``).
    public static func spec(_ options: Options = Options()) -> ContainerSpec {
        var process = ContainerSpec.Process(
            args: ["sh"],
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            terminal: true
        )
        let caps = Capability.specDefault
        // No ambient set, as runc since 1.2: without an inheritable set too the kernel would drop it anyway.
        process.capabilities = ContainerSpec.Capabilities(bounding: caps, effective: caps, permitted: caps)
        process.rlimits = [ContainerSpec.Rlimit(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024)]
        process.noNewPrivileges = true

        var linux = ContainerSpec.Linux(
            namespaces: [.init(.pid), .init(.network), .init(.ipc), .init(.uts), .init(.mount)],
            resources: ContainerSpec.Resources(devices: [.init(allow: false, access: "rwm")])
        )
        if options.cgroupNamespace { linux.namespaces.append(.init(.cgroup)) }
        linux.maskedPaths = maskedPaths
        linux.readonlyPaths = readonlyPaths

        let base = options.baseDirectory
        var spec = ContainerSpec(
            ociVersion: ociVersion,
            hostname: "mydocker",
            process: process,
            root: ContainerSpec.Root(path: "rootfs", resolvedPath: (base.hasSuffix("/") ? base : base + "/") + "rootfs", readonly: true),
            mounts: mounts,
            linux: linux,
            source: SpecSource(file: "-", baseDirectory: base)
        )
        if options.rootless { makeRootless(&spec, uid: options.uid, gid: options.gid) }
        return spec
    }

    /// runc's `ToRootless`: the network namespace goes (an unprivileged user cannot set one up) and a user
    /// namespace comes, mapping root inside to the caller; /sys is bound from the host (sysfs cannot be mounted
    /// without a network namespace of one's own); `uid=` and `gid=` mount options go (IDs the namespace does not
    /// map); cgroup settings go (an unprivileged user cannot write them).
    static func makeRootless(_ spec: inout ContainerSpec, uid: UInt32, gid: UInt32) {
        spec.linux.namespaces = spec.linux.namespaces.filter { $0.kind != .network && $0.kind != .user } + [.init(.user)]
        spec.linux.uidMappings = [.init(containerID: 0, hostID: uid, size: 1)]
        spec.linux.gidMappings = [.init(containerID: 0, hostID: gid, size: 1)]
        spec.mounts = spec.mounts.map { mount in
            if mount.destination == "/sys" {
                return ContainerSpec.Mount(destination: "/sys", type: "none", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"])
            }
            var m = mount
            m.options.removeAll { $0.hasPrefix("uid=") || $0.hasPrefix("gid=") }
            return m
        }
        spec.linux.resources = nil
    }
}
