import LinuxSystem
import CShim
import Glibc

/// Finds (and when missing, creates) a mount point inside a root file system without ever
/// leaving it: every lookup is openat2(rootFD, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS),
/// so `..` stops at the root and a symlink to `/etc` means the rootfs's `etc`, never the host's.
/// The result is an O_PATH descriptor; mounts go onto `/proc/self/fd/N` of it or move_mount to it.
enum MountPoint {
    /// What to create when the mount point is missing.
    enum Kind: Equatable {
        case directory
        /// An empty file, for a bind mount of a file.
        case file
    }

    /// A lookup failure: the call that failed, errno, and what was being looked up.
    static let resolveFlags = FileDescriptor.inRoot

    /// The path's components, without empty ones and `.`; `..` stays (the kernel clamps it at the root).
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    /// Opens `path` (taken relative to the root, absolute or not) inside `rootFD`, O_PATH and close-on-exec.
    static func open(in rootFD: Int32, _ path: String) -> (fd: Int32, errno: Int32) {
        let relative = Joined.strings(components(path), separator: "/")
        let result = retryingOnInterrupt {
            md_openat2(rootFD, relative.isEmpty ? "." : relative, MountSyscall.pathOnly | O_CLOEXEC, 0, resolveFlags)
        }
        return (result.result, result.errno)
    }

    /// Opens the mount point `path` inside `rootFD`, creating what is missing of it (directories,
    /// and the last component as `kind`) with mode 0755 (0644 for a file).
    static func openOrCreate(in rootFD: Int32, _ path: String, as kind: Kind) throws(SystemError) -> Int32 {
        let found = open(in: rootFD, path)
        if found.fd >= 0 { return found.fd }
        guard found.errno == ENOENT else {
            throw SystemError(call: "openat2 \(path) in the root", errno: found.errno)
        }
        let parts = components(path)
        var parent = open(in: rootFD, "")
        guard parent.fd >= 0 else { throw SystemError(call: "openat2 / of the root", errno: parent.errno) }
        for index in parts.indices {
            let prefix = Joined.strings(parts[...index], separator: "/")
            var current = open(in: rootFD, prefix)
            if current.fd < 0 && current.errno == ENOENT {
                let last = index == parts.count - 1
                let made = create(parts[index], in: parent.fd, as: last ? kind : .directory)
                guard made.errno == 0 || made.errno == EEXIST else {
                    Sys.closeKeepingErrno(parent.fd)
                    throw SystemError(call: "\(made.syscall) /\(prefix) in the root", errno: made.errno)
                }
                current = open(in: rootFD, prefix)
                if current.fd < 0 && current.errno == ENOENT {
                    // It exists (EEXIST) yet cannot be found: a symlink to something missing.
                    Sys.closeKeepingErrno(parent.fd)
                    throw SystemError(call: "openat2 /\(prefix) in the root", errno: ENOENT,
                                  hint: "/\(prefix) is a symlink to a path that does not exist in the root")
                }
            }
            Sys.closeKeepingErrno(parent.fd)
            guard current.fd >= 0 else {
                throw SystemError(call: "openat2 /\(prefix) in the root", errno: current.errno)
            }
            parent = current
        }
        return parent.fd
    }

    /// mkdirat, or an empty file with openat(O_CREAT | O_EXCL | O_NOFOLLOW); errno 0 when made.
    private static func create(_ name: String, in directory: Int32, as kind: Kind) -> (syscall: String, errno: Int32) {
        switch kind {
        case .directory:
            let made = retryingOnInterrupt { mkdirat(directory, name, 0o755) }
            return ("mkdirat", made.result == 0 ? 0 : made.errno)
        case .file:
            let made = retryingOnInterrupt {
                openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            }
            Sys.closeKeepingErrno(made.result)
            return ("openat(O_CREAT)", made.result >= 0 ? 0 : made.errno)
        }
    }

    /// The path the kernel gives for an open descriptor (readlink of /proc/self/fd/N), for messages and tests.
    static func path(of fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(MountSyscall.procPath(fd), &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
