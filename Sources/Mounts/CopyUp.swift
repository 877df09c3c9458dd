import LinuxSystem
import Glibc

/// `tmpcopyup`, the runc and crun extension podman puts on its tmpfs mounts (`--tmpfs /run`, `--read-only-tmpfs`):
/// the new tmpfs starts with a copy of what the directory it covers held. Done crun's way, without a scratch
/// mount point: the covered directory is opened before the tmpfs goes on top of it, and copied from that descriptor
/// into the new mount afterwards.
///
/// The copy keeps each file's type, mode, owner and times: directories, regular files, symlinks (as links, never
/// followed), FIFOs, sockets and device nodes. Every lookup is an `*at` call under the opened directories with
/// `O_NOFOLLOW`, so a symlink in the image cannot lead the copy out of it.
enum CopyUp {
    /// Copies what the directory open at `source` holds into the (empty) directory open at `destination`. The
    /// destination itself keeps its own mode and owner (the tmpfs's `mode=`, `uid=`, `gid=`), as with runc.
    static func copyTree(from source: borrowing FileDescriptor, to destination: borrowing FileDescriptor) throws(SystemError) {
        for name in try Directory.entries(of: source.duplicate()) {
            try copyEntry(name, from: source, to: destination)
        }
    }

    /// One directory entry, by its type.
    private static func copyEntry(_ name: String, from source: borrowing FileDescriptor,
                                  to destination: borrowing FileDescriptor) throws(SystemError) {
        var status = stat()
        guard fstatat(source.rawValue, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SystemError(call: "fstatat \(name)", errno: errno)
        }
        let permissions = status.st_mode & 0o7777
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdirat(destination.rawValue, name, 0o700) == 0 else {
                throw SystemError(call: "mkdirat \(name)", errno: errno)
            }
            let from = try source.open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            let to = try destination.open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            try copyTree(from: from, to: to)
        case S_IFREG:
            let from = try source.open(name, O_RDONLY | O_NOFOLLOW)
            let to = try destination.open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            try copyContents(from: from, to: to, name: name)
        case S_IFLNK:
            guard let target = readLink(name, in: source.rawValue) else {
                throw SystemError(call: "readlinkat \(name)", errno: errno)
            }
            guard symlinkat(target, destination.rawValue, name) == 0 else {
                throw SystemError(call: "symlinkat \(name)", errno: errno)
            }
        default:
            // FIFOs, sockets and device nodes: a new node of the same kind (and device number).
            guard mknodat(destination.rawValue, name, (status.st_mode & S_IFMT) | permissions, status.st_rdev) == 0 else {
                throw SystemError(call: "mknodat \(name)", errno: errno)
            }
        }
        try copyAttributes(status, of: name, in: destination.rawValue)
    }

    /// Owner, then mode (chown clears set-id bits), then access and modification times, of the entry `name` (never
    /// followed). A symlink has no mode of its own to set.
    private static func copyAttributes(_ status: stat, of name: String, in directory: Int32) throws(SystemError) {
        let isLink = status.st_mode & S_IFMT == S_IFLNK
        guard fchownat(directory, name, status.st_uid, status.st_gid, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SystemError(call: "fchownat \(name)", errno: errno)
        }
        if !isLink {
            guard fchmodat(directory, name, status.st_mode & 0o7777, 0) == 0 else {
                throw SystemError(call: "fchmodat \(name)", errno: errno)
            }
        }
        var times = [status.st_atim, status.st_mtim]
        guard utimensat(directory, name, &times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SystemError(call: "utimensat \(name)", errno: errno)
        }
    }

    /// A regular file's bytes, 64 KiB at a time.
    private static func copyContents(from source: borrowing FileDescriptor, to destination: borrowing FileDescriptor,
                                     name: String) throws(SystemError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                retryingOnInterrupt { read(source.rawValue, raw.baseAddress, raw.count) }
            }
            guard count.result >= 0 else { throw SystemError(call: "read \(name)", errno: count.errno) }
            if count.result == 0 { return }
            let failed = buffer.withUnsafeBytes { raw in
                Sys.writeAll(destination.rawValue, UnsafeRawBufferPointer(rebasing: raw[0..<count.result]))
            }
            guard failed == 0 else { throw SystemError(call: "write \(name)", errno: failed) }
        }
    }

    private static func readLink(_ name: String, in directory: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(directory, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
