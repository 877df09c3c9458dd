import LinuxSystem

/// `linux.mountLabel`: the SELinux context of the file systems the container mounts, as runc applies it. With
/// SELinux active, tmpfs, devpts and every other file system mount but proc, sysfs, mqueue and cgroup get it as
/// their `context=` option; without SELinux it means nothing (runc leaves the data alone there too).
public enum MountLabel {
    /// Whether SELinux is active on this host (its file system is mounted and answers).
    public static var selinuxActive: Bool { Directory.exists("/sys/fs/selinux/enforce") }

    /// The mount data of a file system of `type` with `label` added, or `data` as it is when the type takes none.
    public static func data(_ data: String?, type: String, label: String) -> String? {
        guard !["proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind"].contains(type) else { return data }
        let context = "context=\"\(label)\""
        guard let data, !data.isEmpty else { return context }
        return data + "," + context
    }
}
