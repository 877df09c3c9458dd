import CShim
import Glibc
import LinuxSystem

/// The pseudo-terminal of `exec --tty`. When the container has a devpts of its own at /dev/pts (a spec with runc's
/// /dev layout mounts one), the terminal comes from it, as runc's does: its `ptmx` opened inside the container's
/// root, and the slave reached from the master (TIOCGPTPEER), so that `tty` in the container names /dev/pts/N of
/// its own /dev/pts. Otherwise (no /dev/pts, or ours) it comes from ours, as before.
enum ExecTerminal {
    /// Allocates it for the container whose root is open at `root`: its master and slave, both the caller's to close.
    static func allocate(root: borrowing FileDescriptor) throws(EnterError) -> (master: Int32, slave: Int32) {
        if let own = try openOwnPtmx(root: root) {
            var failedCall: Int32 = 0
            let slave = md_open_pty_peer(own.rawValue, &failedCall)
            guard slave >= 0 else {
                let call = failedCall == 1 ? "ioctl(TIOCSPTLCK)" : "ioctl(TIOCGPTPEER)"
                throw .system(what: "allocate a terminal from the container's /dev/pts", SystemError(call: call, errno: errno))
            }
            return (own.release(), slave)
        }
        var master: Int32 = -1
        var slave: Int32 = -1
        guard md_open_pty(&master, &slave) == 0 else {
            throw .system(what: "allocate a terminal", SystemError(call: "posix_openpt", errno: errno))
        }
        return (master, slave)
    }

    /// The container's /dev/pts/ptmx, opened, when its /dev/pts is a devpts other than ours; nil otherwise.
    static func openOwnPtmx(root: borrowing FileDescriptor) throws(EnterError) -> FileDescriptor? {
        guard let pts = try? root.openInRoot("dev/pts", Int32(MD_O_PATH) | O_DIRECTORY) else { return nil }
        var theirs = stat()
        var ours = stat()
        guard md_is_devpts(pts.rawValue) == 1, fstat(pts.rawValue, &theirs) == 0 else { return nil }
        if stat("/dev/pts", &ours) == 0 && ours.st_dev == theirs.st_dev { return nil }
        do {
            return try pts.open("ptmx", O_RDWR | O_NOCTTY)
        } catch {
            throw .system(what: "allocate a terminal from the container's /dev/pts", error)
        }
    }
}
