import Glibc
import LinuxSystem

/// Cgroups of runs of `mydocker apply` without a name (`/mydocker-apply-<pid>`) whose apply was killed before it
/// could remove them: its container died with it (the parent-death signal), so they are empty, and the next run
/// without a name removes them.
public enum CgroupSweeper {
    static let prefix = CgroupPath.defaultPrefix + "apply-"

    /// Removes every `/mydocker-apply-<pid>` whose apply process is gone, in every hierarchy.
    public static func removeLeftovers(host: CgroupHost) {
        guard let first = host.unified ?? host.hierarchies.first,
              let names = try? Directory.entries(first.mountPoint) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = "/" + name
            let cgroup = ContainerCgroup(existing: path, host: host, directories: host.hierarchies.map { $0.directory(of: path) })
            guard cgroup.processes().isEmpty else { continue }
            try? cgroup.remove(patience: 0)
        }
    }
}
