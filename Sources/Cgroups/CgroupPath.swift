import LinuxSystem

/// Where a container's cgroup goes in each hierarchy, from `linux.cgroupsPath` as the OCI spec and runc read it:
/// an absolute path is taken from the root of each hierarchy; a relative one is taken below the cgroup mydocker
/// itself runs in, in that hierarchy (as runc's fs driver does); none is `/mydocker-<container>`, one level below
/// each root like runc's `/<id>`: a shared parent would be made and removed with every run (about half a
/// millisecond of cgroup creation per run on this project's hosts).
public enum CgroupPath {
    /// The prefix of the cgroups mydocker makes when the spec names none.
    public static let defaultPrefix = "mydocker-"

    /// Whether `path` is in systemd's `slice:prefix:name` form, which only a systemd cgroup driver reads.
    public static func isSystemdForm(_ path: String) -> Bool {
        !path.hasPrefix("/") && path.split(separator: ":", omittingEmptySubsequences: false).count == 3
    }

    /// Why mydocker does not take a systemd-form path.
    public static let systemdHint = "this is systemd's slice:prefix:name form, for a systemd cgroup driver (--systemd-cgroup); mydocker manages cgroupfs directly and needs no systemd: give a path such as /machine/NAME"

    /// The path of a container without `linux.cgroupsPath`.
    public static func defaultPath(container: String) -> String { "/" + defaultPrefix + container }

    /// The directory in each of `host`'s hierarchies. `own` gives this process's cgroup in a hierarchy (its
    /// /proc/self/cgroup line), used only for a relative path.
    public static func directories(for path: String, host: CgroupHost, own: (CgroupHierarchy) -> String) -> [String] {
        var directories: [String] = []
        directories.reserveCapacity(host.hierarchies.count)
        let simple = path.hasPrefix("/") ? normalized(path) : nil
        for hierarchy in host.hierarchies {
            directories.append(hierarchy.directory(of: simple ?? normalized(join(own(hierarchy), path))))
        }
        return directories
    }

    /// `path` without empty and `.` components (`..` is refused by lint).
    static func normalized(_ path: String) -> String {
        // A plain loop: split-filter-joined instantiates generic metadata at run time, on apply's start-up path, and
        // so does appending a Substring (the generic Sequence overload): each part is made a String first.
        var out = ""
        for part in path.split(separator: "/") where part != "." {
            out += "/"
            out += String(part)
        }
        return out.isEmpty ? "/" : out
    }

    static func join(_ base: String, _ relative: String) -> String {
        base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    /// This process's cgroup in each hierarchy, from a /proc/self/cgroup text (`ID:CONTROLLERS:PATH` lines; v2's
    /// is `0::PATH`).
    public static func ownCgroups(procSelfCgroup text: String) -> (CgroupHierarchy) -> String {
        var v1: [String: String] = [:]
        var v2 = "/"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[1].isEmpty {
                v2 = String(fields[2])
            } else {
                for controller in fields[1].split(separator: ",") { v1[String(controller)] = String(fields[2]) }
            }
        }
        return { hierarchy in
            hierarchy.version == .v2 ? v2 : hierarchy.controllers.lazy.compactMap { v1[$0] }.first ?? "/"
        }
    }

    /// This process's own cgroups, read from /proc/self/cgroup.
    public static func ownCgroups() -> (CgroupHierarchy) -> String {
        let text = Sys.readFile("/proc/self/cgroup").map { String(decoding: $0, as: UTF8.self) } ?? ""
        return ownCgroups(procSelfCgroup: text)
    }
}
