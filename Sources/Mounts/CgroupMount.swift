import Glibc
import LinuxSystem
import Spec

/// One hierarchy as a container's `cgroup` mount shows it: the name of its folder under /sys/fs/cgroup
/// (`memory`, `cpu,cpuacct`, `unified`; empty for a unified-only host, whose hierarchy is the folder itself) and
/// the container's own directory in it on the host.
public struct CgroupView: Sendable, Equatable {
    public var name: String
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

extension Mounter {
    /// A `cgroup` mount (runc's `/sys/fs/cgroup`, `ro`): the container sees its own cgroup and nothing above it.
    /// On a unified-only host, its cgroup2 directory bound at the destination; with v1 hierarchies, a tmpfs there
    /// holding, for each hierarchy, its directory bound under the hierarchy's name, and a link for each controller
    /// of a co-mounted hierarchy (`cpu` → `cpu,cpuacct`), as runc lays it out. `ro` makes each of them read-only.
    static func mountCgroupView(_ m: ContainerSpec.Mount, options: ResolvedMountOptions, target: MountTarget,
                                views: [CgroupView]) throws(MountError) {
        let what = target.what
        guard !views.isEmpty else {
            throw MountError(what: what, hint: "the container joined no cgroup to show")
        }
        let readOnly = options.flags.contains(.readOnly)
        if views.count == 1, let only = views.first, only.name.isEmpty {
            try target.with(creating: .directory) { (path, _) throws(MountError) in
                try bindView(only.source, at: path, readOnly: readOnly, what: what)
            }
            return
        }
        try target.with(creating: .directory) { (path, _) throws(MountError) in
            let flags = MountFlags([.noSUID, .noDev, .noExec]).msFlags
            let made = retryingOnInterrupt { Glibc.mount("tmpfs", path, "tmpfs", flags, "mode=755,size=64k") }
            guard made.result == 0 else { throw MountError(what: what, syscall: "mount(tmpfs)", errno: made.errno) }
        }
        try target.with(creating: .directory) { (path, fd) throws(MountError) in
            for view in views where !view.name.isEmpty {
                let dir = retryingOnInterrupt { mkdirat(fd, view.name, 0o755) }
                guard dir.result == 0 || dir.errno == EEXIST else { throw MountError(what: what, syscall: "mkdirat \(view.name)", errno: dir.errno) }
                try bindView(view.source, at: path + "/" + view.name, readOnly: readOnly, what: what)
                let controllers = view.name.split(separator: ",")
                if controllers.count > 1 {
                    for controller in controllers {
                        let link = retryingOnInterrupt { symlinkat(view.name, fd, String(controller)) }
                        guard link.result == 0 || link.errno == EEXIST else {
                            throw MountError(what: what, syscall: "symlinkat \(controller)", errno: link.errno)
                        }
                    }
                }
            }
            if readOnly {
                let current = MountFlags.current(of: path)
                guard let flags = current.flags else { throw MountError(what: what, syscall: "statvfs", errno: current.errno) }
                let remount = MountFlags([.remount, .readOnly]).union(flags)
                let made = retryingOnInterrupt { Glibc.mount(nil, path, nil, remount.msFlags, nil) }
                guard made.result == 0 else { throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_RDONLY) tmpfs", errno: made.errno) }
            }
        }
    }

    /// `source` (a cgroup directory of the host) bound at `path`, read-only when asked, keeping its locked flags.
    static func bindView(_ source: String, at path: String, readOnly: Bool, what: String) throws(MountError) {
        let bound = retryingOnInterrupt { Glibc.mount(source, path, nil, MountFlags.bind.msFlags, nil) }
        guard bound.result == 0 else { throw MountError(what: what, syscall: "mount(MS_BIND) \(source)", errno: bound.errno) }
        guard readOnly else { return }
        let current = MountFlags.current(of: path)
        guard let flags = current.flags else { throw MountError(what: what, syscall: "statvfs \(path)", errno: current.errno) }
        let remount = MountFlags([.remount, .bind, .readOnly]).union(flags)
        let made = retryingOnInterrupt { Glibc.mount(nil, path, nil, remount.msFlags, nil) }
        guard made.result == 0 else { throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_BIND|MS_RDONLY) \(source)", errno: made.errno) }
    }
}
