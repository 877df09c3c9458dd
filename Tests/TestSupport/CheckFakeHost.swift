import Glibc
import HostCheck
import Spec

/// A fake /proc, /sys and /dev: namespaces user and time have a limit of 0, cgroup has no /proc/self/ns entry,
/// processes 1 and 2 share their namespaces except net; no loop driver module directory but /dev/loop-control.
public enum CheckFakeHost {
    public static func make() -> (StateTemporaryDirectory, HostPaths) {
        let dir = StateTemporaryDirectory()
        for sub in ["proc", "proc/sys", "proc/sys/user", "proc/sys/kernel", "proc/self", "proc/self/ns", "proc/1", "proc/1/ns",
                    "proc/2", "proc/2/ns", "proc/ns-files", "sys", "sys/module", "sys/module/loop", "dev"] {
            mkdir("\(dir.path)/\(sub)", 0o755)
        }
        for kind in NamespaceKind.allCases {
            let name = kind.procName
            let limit = (kind == .user || kind == .time) ? 0 : 1000
            dir.write("proc/sys/user/max_\(name)_namespaces", "\(limit)\n")
            if kind != .cgroup { dir.write("proc/self/ns/\(name)", "") }
            dir.write("proc/ns-files/\(name)-a", "")
            dir.write("proc/ns-files/\(name)-b", "")
            symlink("\(dir.path)/proc/ns-files/\(name)-a", "\(dir.path)/proc/1/ns/\(name)")
            symlink("\(dir.path)/proc/ns-files/\(name)-\(kind == .network ? "b" : "a")", "\(dir.path)/proc/2/ns/\(name)")
        }
        dir.write("proc/filesystems", "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\n\text4\nnodev\tcgroup2\n\txfs\n")
        dir.write("proc/devices", "Character devices:\n  1 mem\n  7 vcs\n\nBlock devices:\n  8 sd\n")
        dir.write("proc/sys/kernel/unprivileged_userns_clone", "0\n")
        dir.write("dev/loop-control", "")
        return (dir, HostPaths(proc: dir.path + "/proc", sys: dir.path + "/sys", dev: dir.path + "/dev"))
    }
}
