import Glibc
import LinuxSystem

/// A container's cgroup: one directory in each hierarchy of the host (``CgroupHost``), made before the container's
/// process starts, the process placed in it before it runs anything of its own, and removed when the container
/// ends, with every directory this made.
public final class ContainerCgroup {
    /// The path inside each hierarchy (`/mydocker-box`), as resolved.
    public let path: String
    public let host: CgroupHost
    /// The directory of each hierarchy, in ``CgroupHost/hierarchies`` order.
    public let directories: [String]
    /// Every hierarchy the host has, joined or not (``CgroupHost/joined(for:accounting:)``), for errors that say which.
    public private(set) var available: CgroupHost

    /// The parents this made (`/sys/fs/cgroup/pids/mydocker`), removed too when empty, deepest last.
    private var createdParents: [String] = []

    init(path: String, host: CgroupHost, directories: [String], available: CgroupHost? = nil) {
        self.path = path
        self.host = host
        self.directories = directories
        self.available = available ?? host
    }

    /// An existing cgroup (of a named container, by the directories its state recorded): each directory with the
    /// hierarchy of `host` it is in.
    public convenience init(existing path: String, host: CgroupHost, directories: [String]) {
        var hierarchies: [CgroupHierarchy] = []
        var kept: [String] = []
        for directory in directories {
            guard let hierarchy = host.hierarchies.first(where: { directory == $0.mountPoint || directory.hasPrefix($0.mountPoint + "/") })
            else { continue }
            hierarchies.append(hierarchy)
            kept.append(directory)
        }
        self.init(path: path, host: CgroupHost(hierarchies: hierarchies), directories: kept, available: host)
    }

    /// The directory of the hierarchy that holds `controller` (a v1 one before the unified one, as
    /// ``CgroupHost/hierarchy(for:)`` picks), nil when the host has none.
    public func directory(for controller: String) -> String? {
        directory(forV1: controller) ?? directory(of: .v2, holding: controller)
    }

    /// The directory of the v1 hierarchy that holds `controller`, nil when no v1 hierarchy does.
    public func directory(forV1 controller: String) -> String? {
        directory(of: .v1, holding: controller)
    }

    /// The directory of the unified hierarchy when it holds `controller` and no v1 hierarchy does.
    public func directory(forV2 controller: String) -> String? {
        directory(forV1: controller) == nil ? directory(of: .v2, holding: controller) : nil
    }

    private func directory(of version: CgroupHierarchy.Version, holding controller: String) -> String? {
        host.hierarchies.firstIndex { $0.version == version && $0.has(controller) }.map { directories[$0] }
    }

    /// The unified hierarchy's directory, when the host has one.
    public var unifiedDirectory: String? {
        host.hierarchies.firstIndex { $0.version == .v2 }.map { directories[$0] }
    }

    // MARK: making

    /// Makes the cgroup at `path` (``CgroupPath``) in every hierarchy, with the parents it needs. An existing
    /// directory is taken as it is (an engine may have made it). v1 cpuset directories get their parent's cpus and
    /// mems, without which no process can join them. On a failure, what was made is removed.
    public static func create(
        path: String, host: CgroupHost, own: ((CgroupHierarchy) -> String)? = nil
    ) throws(CgroupError) -> ContainerCgroup {
        // This process's own cgroups are read only for a relative path.
        let own = own ?? (path.hasPrefix("/") ? { _ in "/" } : CgroupPath.ownCgroups())
        let directories = CgroupPath.directories(for: path, host: host, own: own)
        let cgroup = ContainerCgroup(path: path, host: host, directories: directories)
        do throws(CgroupError) {
            for i in 0..<directories.count {
                let hierarchy = host.hierarchies[i]
                try cgroup.make(directories[i], below: hierarchy.mountPoint, cpuset: hierarchy.version == .v1 && hierarchy.has("cpuset"))
            }
        } catch {
            try? cgroup.remove()
            throw error
        }
        return cgroup
    }

    /// mkdir -p of `directory` below `mountPoint`. A parent another container removes as it goes (the shared
    /// `/mydocker`) makes the walk start again, a few times.
    private func make(_ directory: String, below mountPoint: String, cpuset: Bool) throws(CgroupError) {
        let components = directory.dropFirst(mountPoint.count).split(separator: "/")
        var attempts = 0
        walk: while true {
            var current = mountPoint
            for i in 0..<components.count {
                current += "/"
                current.append(contentsOf: components[i])  // not `+=`: generic over the sequence (``Joined``)
                let isLeaf = i == components.count - 1
                if mkdir(current, 0o755) == 0 {
                    if !isLeaf { createdParents.append(current) }
                    // Every level, made now or by a run beside this one that has not filled it yet.
                    if cpuset { try inheritCpuset(current) }
                    continue
                }
                let err = errno
                if err == EEXIST {
                    if cpuset { try inheritCpuset(current) }
                    continue
                }
                if err == ENOENT && i > 0 && attempts < 5 {
                    attempts += 1
                    continue walk
                }
                throw CgroupError(what: "create cgroup \(path)", call: "mkdir \(current)", errno: err,
                                  hint: err == EROFS || err == EACCES ? "the cgroup file system is not writable here: mydocker needs root in the host's cgroup namespace" : nil)
            }
            return
        }
    }

    /// cpuset.cpus and cpuset.mems of a new v1 directory, from its parent's.
    private func inheritCpuset(_ directory: String) throws(CgroupError) {
        let parent = String(directory[..<(directory.lastIndex(of: "/") ?? directory.endIndex)])
        for file in ["cpuset.cpus", "cpuset.mems"] {
            guard let current = CgroupFiles.read(directory + "/" + file), current.isEmpty else { continue }
            guard let inherited = CgroupFiles.read(parent + "/" + file) else { continue }
            try CgroupFiles.write(inherited, to: directory + "/" + file, what: "create cgroup \(path)")
        }
    }

    // MARK: processes

    /// Places `pid` in the cgroup, in every hierarchy, or in those of one version.
    public func add(pid: Int32, hierarchies version: CgroupHierarchy.Version? = nil) throws(CgroupError) {
        for i in 0..<directories.count where version == nil || host.hierarchies[i].version == version {
            try CgroupFiles.write(String(pid), to: directories[i] + "/cgroup.procs", what: "move process \(pid) into cgroup \(path)")
        }
    }

    /// The directories in v1 hierarchies.
    public var v1Directories: [String] {
        var found: [String] = []
        for i in 0..<directories.count where host.hierarchies[i].version == .v1 { found.append(directories[i]) }
        return found
    }

    /// The processes in the cgroup now (of the unified hierarchy when there is one, else of the first).
    public func processes() -> [Int32] {
        guard let directory = unifiedDirectory ?? directories.first,
              let text = CgroupFiles.read(directory + "/cgroup.procs") else { return [] }
        return text.split(separator: "\n").compactMap { Int32($0) }
    }

    // MARK: removing

    /// Removes the cgroup's directories, and the parents this made once they are empty. A directory is removed
    /// only once its processes are gone: callers end them first (``signalAll(_:)``); processes still exiting are
    /// waited for, at most `patience` milliseconds.
    public func remove(patience: Int = 2000) throws(CgroupError) {
        var firstError: CgroupError?
        for directory in directories {
            var waited = 0
            while rmdir(directory) != 0 {
                let err = errno
                if err == ENOENT { break }
                if err == EBUSY && waited < patience {
                    Clock.sleep(milliseconds: 10)
                    waited += 10
                    continue
                }
                if firstError == nil {
                    firstError = CgroupError(what: "remove cgroup \(path)", call: "rmdir \(directory)", errno: err,
                                             hint: err == EBUSY ? "processes are still in it: \(processes().map(String.init).joined(separator: " "))" : nil)
                }
                break
            }
        }
        // The parents this made: each goes once it is empty (another container may still be using it: it is left
        // then, for that one to remove).
        for parent in createdParents.reversed() { _ = rmdir(parent) }
        createdParents = []
        if let firstError { throw firstError }
    }
}
