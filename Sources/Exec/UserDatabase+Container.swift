import Glibc
import LinuxSystem

extension UserDatabase {
    /// The most of /etc/passwd or /etc/group that exec reads; a larger file is an error.
    static let maxFileSize = 1 << 20

    /// What resolving `spec` needs of a container's /etc/passwd and /etc/group, read inside `rootFD` (the
    /// container process's root, opened as a directory). Each file is opened with openat2 and
    /// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: `..` and symlinks, even absolute ones, stay inside the container's
    /// root, and /proc magic links are refused, so a file of the container can never make exec read the host's.
    static func read(for spec: UserSpec, root rootFD: borrowing FileDescriptor) throws(EnterError) -> UserDatabase {
        let passwd = spec.readsPasswd ? try readFile("etc/passwd", in: rootFD) : nil
        let group = spec.readsGroup ? try readFile("etc/group", in: rootFD) : nil
        return UserDatabase(passwd: passwd, group: group)
    }

    /// The text of `path` (relative) inside `rootFD`; nil when it does not exist. A FIFO or device is refused
    /// rather than waited on (O_NONBLOCK, then only a regular file is read).
    static func readFile(_ path: String, in rootFD: borrowing FileDescriptor) throws(EnterError) -> String? {
        let what = "read the container's /\(path)"
        let file: FileDescriptor
        do {
            file = try rootFD.openInRoot(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)
        } catch {
            if error.errno == ENOENT || error.errno == ENOTDIR { return nil }
            var error = error
            if error.errno == ELOOP { error.hint = "a symlink on the way goes through /proc or loops" }
            throw .system(what: what, error)
        }
        var status = stat()
        guard fstat(file.rawValue, &status) == 0 else { throw .system(what: what, SystemError(call: "fstat", errno: errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .system(what: what, SystemError(hint: "it is not a regular file")) }
        let bytes: [UInt8]
        do {
            bytes = try file.readAll(limit: maxFileSize)
        } catch {
            throw .system(what: what, error)
        }
        guard bytes.count <= maxFileSize else { throw .system(what: what, SystemError(hint: "it is larger than 1 MiB")) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
