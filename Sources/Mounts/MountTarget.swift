import LinuxSystem
import Glibc

/// Where one mount goes: its destination inside the rootfs (resolved with ``MountPoint``), or
/// on the host's path when the container keeps the host's tree (no root: the mount still lands
/// only in the container's private mount namespace).
struct MountTarget {
    /// The rootfs, O_PATH; nil without a root.
    var rootFD: Int32?
    var destination: String
    /// The failing mount's label, for errors.
    var what: String

    /// Opens the destination as it is now (after a mount: the mount on top), creating it as `kind`
    /// inside the rootfs when missing. Without a root nothing is created: that would change the host.
    func open(creating kind: MountPoint.Kind) throws(MountError) -> Int32 {
        if let rootFD {
            do {
                return try MountPoint.openOrCreate(in: rootFD, destination, as: kind)
            } catch {
                throw MountError(what: what, cause: error)
            }
        }
        let opened = retryingOnInterrupt { Glibc.open(destination, MountSyscall.pathOnly | O_CLOEXEC) }
        guard opened.result >= 0 else {
            throw MountError(what: what, syscall: "open \(destination)", errno: opened.errno,
                            hint: opened.errno == ENOENT
                                ? "without root.path the container uses the host's tree, where mydocker creates no mount points: create it first"
                                : nil)
        }
        return opened.result
    }

    /// Runs `body` with the destination opened (`/proc/self/fd/N` and the descriptor), closing it after.
    func with<T>(creating kind: MountPoint.Kind, _ body: (_ path: String, _ fd: Int32) throws(MountError) -> T) throws(MountError) -> T {
        let fd = try open(creating: kind)
        defer { Sys.closeKeepingErrno(fd) }
        return try body(MountSyscall.procPath(fd), fd)
    }
}
