import ContainerStore
import Glibc
import LinuxSystem
import Spec

/// The namespaces and root of a running container's process, opened once so that the whole set belongs to
/// that process even if its pid is reused meanwhile: a pidfd first (checked against the recorded start time),
/// then /proc/PID/ns/* and /proc/PID/root, then the pidfd asked whether the process is still there.
struct ContainerNamespaces: ~Copyable {
    /// The namespaces in the order they are joined: the same as apply's (``NamespaceKind/joinOrder``).
    static let joinOrder = NamespaceKind.joinOrder.map(\.procName)

    /// Only the namespaces that differ from ours (joining our own user namespace fails with EINVAL).
    let joins: [NamespaceFile]
    let root: FileDescriptor
    private let pidfd: Pidfd

    /// `procRoot` is /proc (its `self` stands for our own namespaces).
    init(process: ProcessIdentity, name: String, procRoot: String = "/proc") throws(EnterError) {
        let opened: Pidfd?
        do {
            opened = try process.openPidfd()
        } catch {
            throw .system(what: "open the process of \(name)", error)
        }
        guard let pidfd = opened else { throw .container(.notRunning(name)) }
        var joins: [NamespaceFile] = []
        let base = "\(procRoot)/\(process.pid)"
        for ns in Self.joinOrder {
            var theirs = stat()
            var ours = stat()
            guard stat("\(base)/ns/\(ns)", &theirs) == 0 else {
                if errno == ENOENT && access("\(procRoot)/self/ns/\(ns)", F_OK) != 0 { continue } // the kernel lacks it
                throw Self.failure("open the \(ns) namespace of \(name)", "stat \(base)/ns/\(ns)")
            }
            if stat("\(procRoot)/self/ns/\(ns)", &ours) == 0 && ours.st_ino == theirs.st_ino && ours.st_dev == theirs.st_dev {
                continue
            }
            let fd = open("\(base)/ns/\(ns)", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure("open the \(ns) namespace of \(name)", "open \(base)/ns/\(ns)") }
            joins.append(NamespaceFile(name: ns, file: FileDescriptor(owning: fd)))
        }
        let rootFD = open("\(base)/root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw Self.failure("open the root of \(name)", "open \(base)/root") }
        let root = FileDescriptor(owning: rootFD)
        // Still the same process: every descriptor above is its own.
        guard (try? pidfd.waitForExit(milliseconds: 0)) == false else { throw .container(.notRunning(name)) }
        self.joins = joins
        self.root = root
        self.pidfd = pidfd
    }

    private static func failure(_ what: String, _ syscall: String) -> EnterError {
        let err = errno
        let hint = err == EACCES || err == EPERM ? "run mydocker exec as root" : nil
        return .system(what: what, SystemError(call: syscall, errno: err, hint: hint))
    }
}

/// One of a container process's namespaces, open: its /proc/PID/ns name and the descriptor.
final class NamespaceFile {
    let name: String
    let file: FileDescriptor

    init(name: String, file: consuming FileDescriptor) {
        self.name = name
        self.file = file
    }
}
