import CShim
import Glibc

/// Root (uid 0, gid 0) of the caller's user namespace, which runc's child becomes as soon as the ID maps are
/// written. apply's child is cloned into its user namespace by host root, whose uid that namespace does not map:
/// it has every capability there, yet a file system mounted inside the namespace (a tmpfs at /dev) is owned by that
/// unmapped uid and cannot give a new file an owner the namespace does not map (mkdirat /dev/pts fails with
/// EOVERFLOW), and a terminal it allocates belongs to nobody. As the namespace's root, what it mounts and makes is
/// the container root's, as under runc.
public enum UserNamespaceRoot {
    /// Makes the caller root in its user namespace: supplementary groups dropped where setgroups is allowed, then
    /// setresgid(0) and setresuid(0), and the parent-death signal set again (a credential change clears it).
    /// true when it is root there now (or already was), false when the namespace does not map uid 0 or gid 0.
    /// Single-threaded callers only (raw system calls: the other threads would keep their identity).
    public static func become() throws(SystemError) -> Bool {
        if geteuid() == 0 { return true }
        guard maps(0, in: "/proc/self/uid_map"), maps(0, in: "/proc/self/gid_map") else { return false }
        let setgroupsAllowed = Sys.readFile("/proc/self/setgroups").map { $0.starts(with: Array("allow".utf8)) } ?? false
        let deathSignal = md_get_pdeathsig()
        let failed = md_set_identity(0, 0, nil, 0, setgroupsAllowed ? 0 : 1)
        if failed != 0 {
            let call = failed == Int32(MD_IDENTITY_SETGROUPS) ? "setgroups([])" : failed == Int32(MD_IDENTITY_SETRESGID) ? "setresgid(0)" : "setresuid(0)"
            throw SystemError(call: call, errno: errno, hint: "becoming root in the user namespace")
        }
        if deathSignal > 0 && md_set_pdeathsig(deathSignal) != 0 {
            throw SystemError(call: "prctl(PR_SET_PDEATHSIG)", errno: errno)
        }
        return true
    }

    /// Whether the ID map file `path` (lines of `inside outside count`) maps `id`.
    static func maps(_ id: UInt32, in path: String) -> Bool {
        guard let bytes = Sys.readFile(path) else { return false }
        return covers(id, mapText: String(decoding: bytes, as: UTF8.self))
    }

    static func covers(_ id: UInt32, mapText: String) -> Bool {
        for line in mapText.split(separator: "\n") {
            let fields = line.split(separator: " ").compactMap { UInt64($0) }
            guard fields.count == 3 else { continue }
            if UInt64(id) >= fields[0] && UInt64(id) < fields[0] + fields[2] { return true }
        }
        return false
    }
}
