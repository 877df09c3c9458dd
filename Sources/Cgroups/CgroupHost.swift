import LinuxSystem
import Spec

/// One mounted cgroup hierarchy: where it is, which version, and which controllers it holds.
public struct CgroupHierarchy: Sendable, Equatable {
    public enum Version: Sendable, Equatable {
        /// A v1 hierarchy (`cgroup`), with its controllers bound to it.
        case v1
        /// The unified hierarchy (`cgroup2`).
        case v2
    }

    public var version: Version
    /// Where it is mounted: `/sys/fs/cgroup/memory`, `/sys/fs/cgroup` or `/sys/fs/cgroup/unified`.
    public var mountPoint: String
    /// v1: the controllers of the mount (`cpu`, `cpuacct`); v2: those listed in the root's cgroup.controllers.
    public var controllers: [String]

    public init(version: Version, mountPoint: String, controllers: [String]) {
        self.version = version
        self.mountPoint = mountPoint
        self.controllers = controllers
    }

    /// The directory of `path` (absolute inside the hierarchy, `/mydocker-box`) in this hierarchy.
    public func directory(of path: String) -> String {
        path == "/" ? mountPoint : mountPoint + path
    }

    /// Whether this hierarchy holds `controller`.
    public func has(_ controller: String) -> Bool { controllers.contains(controller) }
}

/// The cgroup layout of this host, read at run time: the unified v2 hierarchy alone, v1 controllers alone, or
/// both (hybrid: v1 controllers beside a v2 hierarchy without them, as systemd's "hybrid" mode and this project's
/// build machines have).
public struct CgroupHost: Sendable, Equatable {
    public enum Layout: String, Sendable, Equatable {
        case unified, legacy, hybrid
    }

    /// The hierarchies a container's cgroup is made in: every v1 hierarchy with a controller (named ones such as
    /// `name=systemd` are left to their owner), and the v2 hierarchy.
    public var hierarchies: [CgroupHierarchy]

    public init(hierarchies: [CgroupHierarchy]) {
        self.hierarchies = hierarchies
    }

    public var layout: Layout {
        let v1 = hierarchies.contains { $0.version == .v1 }
        let v2 = hierarchies.contains { $0.version == .v2 }
        return v1 && v2 ? .hybrid : (v1 ? .legacy : .unified)
    }

    /// The hierarchies a container with `resources` joins: the unified one; the v1 hierarchy of each controller the
    /// spec sets a limit for; with `accounting` (a named container, which `stats`, `update`, `pause` and `ps` can
    /// reach), memory, cpu, cpuacct, pids and blkio whether limited or not, and v1's freezer when there is no
    /// unified hierarchy to freeze with. A foreground run without a name has no one to report usage to and cannot
    /// be paused, so it skips what it would never read; it keeps the freezer only to end its processes all at once
    /// (``ContainerCgroup/signalAll(_:thawAfterwards:)``) when they share the host's pid namespace (in a pid
    /// namespace of their own they all end with its init), or when nothing else would give it a cgroup. runc and
    /// crun join every hierarchy, but each one joined costs a cgroup made, a process moved and a cgroup removed at
    /// every run (about 75 µs on v1), and one left out is one whose defaults (the root's) hold anyway.
    public func joined(for resources: ContainerSpec.Resources?, accounting: Bool, ownPidNamespace: Bool = false) -> CgroupHost {
        var wanted = accounting ? ["memory", "cpu", "cpuacct", "pids", "blkio"] : []
        if let r = resources {
            if r.memory != nil { wanted.append("memory") }
            if let cpu = r.cpu, cpu.shares != nil || cpu.quota != nil || cpu.burst != nil || cpu.period != nil
                || cpu.realtimeRuntime != nil || cpu.realtimePeriod != nil || cpu.idle != nil { wanted.append("cpu") }
            if r.pids != nil { wanted.append("pids") }
            if r.blockIO != nil { wanted.append("blkio") }
            if r.cpu?.cpus != nil || r.cpu?.mems != nil { wanted.append("cpuset") }
            if !r.devices.isEmpty { wanted.append("devices") }
            if !r.hugepageLimits.isEmpty { wanted.append("hugetlb") }
            if r.network?.classID != nil { wanted.append("net_cls") }
            if r.network?.priorities.isEmpty == false { wanted.append("net_prio") }
            if !r.rdma.isEmpty { wanted.append("rdma") }
            for key in r.unified.keys { wanted.append(String(key.prefix { $0 != "." })) }
        }
        if unified == nil && (accounting || !ownPidNamespace || !hierarchies.contains(where: { $0.controllers.contains(where: wanted.contains) })) {
            wanted.append("freezer")
        }
        var kept: [CgroupHierarchy] = []
        for hierarchy in hierarchies {
            var needed = hierarchy.version == .v2
            for controller in hierarchy.controllers where wanted.contains(controller) { needed = true }
            if needed { kept.append(hierarchy) }
        }
        return CgroupHost(hierarchies: kept)
    }

    /// The unified hierarchy, when there is one.
    public var unified: CgroupHierarchy? { hierarchies.first { $0.version == .v2 } }

    /// The hierarchy that holds `controller`: a v1 one, else the unified one when it lists it.
    public func hierarchy(for controller: String) -> CgroupHierarchy? {
        hierarchies.first { $0.version == .v1 && $0.has(controller) } ?? unified.flatMap { $0.has(controller) ? $0 : nil }
    }

    /// The hierarchies from a /proc/self/mountinfo text; `controllers(of:)` reads a v2 root's cgroup.controllers.
    /// Only cgroup lines become strings: the rest is skipped byte by byte (a container host may have hundreds of
    /// mounts, and apply reads this at every start).
    public static func parse(mountinfo: String, controllers: (String) -> [String]) -> CgroupHost {
        parse(mountinfo: Array(mountinfo.utf8), controllers: controllers)
    }

    /// The same over the file's bytes, by index (no generic slices: this runs at every start of apply).
    static func parse(mountinfo bytes: [UInt8], controllers: (String) -> [String]) -> CgroupHost {
        var found: [CgroupHierarchy] = []
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != newline { end += 1 }
            defer { start = end + 1 }
            // Fields: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            var fields: [Range<Int>] = []
            var i = start
            while i < end {
                while i < end && bytes[i] == space { i += 1 }
                let first = i
                while i < end && bytes[i] != space { i += 1 }
                if first < i { fields.append(first..<i) }
            }
            guard let dash = fields.firstIndex(where: { $0.count == 1 && bytes[$0.lowerBound] == UInt8(ascii: "-") }),
                  dash >= 5, dash + 3 < fields.count else { continue }
            let type = fields[dash + 1]
            guard matches(bytes, type, "cgroup") || matches(bytes, type, "cgroup2"),
                  matches(bytes, fields[3], "/") else { continue }
            let mountPoint = unescape(String(decoding: bytes[fields[4]], as: UTF8.self))
            if matches(bytes, type, "cgroup2") {
                if !found.contains(where: { $0.version == .v2 }) {
                    found.append(CgroupHierarchy(version: .v2, mountPoint: mountPoint, controllers: controllers(mountPoint)))
                }
                continue
            }
            var names: [String] = []
            for option in String(decoding: bytes[fields[dash + 3]], as: UTF8.self).split(separator: ",") {
                if option.hasPrefix("name=") || option.hasPrefix("release_agent=") { continue }
                switch option {
                case "rw", "ro", "relatime", "noatime", "nosuid", "nodev", "noexec", "clone_children", "xattr", "noprefix":
                    continue
                default:
                    names.append(String(option))
                }
            }
            if !names.isEmpty && !found.contains(where: { $0.mountPoint == mountPoint }) {
                found.append(CgroupHierarchy(version: .v1, mountPoint: mountPoint, controllers: names))
            }
        }
        return CgroupHost(hierarchies: found)
    }

    /// Whether the bytes at `range` are `word`.
    static func matches(_ bytes: [UInt8], _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for k in 0..<range.count where bytes[range.lowerBound + k] != pointer[k] { return false }
        return true
    }

    /// This host's hierarchies, from /proc/self/mountinfo.
    public static func current() throws(CgroupError) -> CgroupHost {
        guard let bytes = Sys.readFile("/proc/self/mountinfo") else {
            throw CgroupError(what: "find the cgroup hierarchies", call: "read /proc/self/mountinfo", errno: Errno.current.rawValue)
        }
        let host = parse(mountinfo: bytes) { mountPoint in
            guard let text = Sys.readFile(mountPoint + "/cgroup.controllers") else { return [] }
            return String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        }
        guard !host.hierarchies.isEmpty else {
            throw CgroupError(what: "find the cgroup hierarchies",
                              hint: "no cgroup or cgroup2 file system is mounted (mount -t cgroup2 none /sys/fs/cgroup)")
        }
        return host
    }

    /// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count,
               let value = UInt8(String(decoding: utf8[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
