#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a path names, in the words messages use ("a FIFO"): lint reads only regular files, and says what else
/// it found.
public enum FileKind: Sendable, Equatable {
    case regular, directory, blockDevice, characterDevice, fifo, socket, symbolicLink, other

    public static func of(mode: mode_t) -> FileKind {
        switch mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFBLK: .blockDevice
        case S_IFCHR: .characterDevice
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFLNK: .symbolicLink
        default: .other
        }
    }

    /// What `path` names, following symbolic links; nil when nothing is there (or it cannot be looked at).
    public static func at(_ path: String) -> FileKind? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return of(mode: st.st_mode)
    }

    /// Whether nothing is at `path`: stat fails with ENOENT or ENOTDIR (not for a folder it may not search).
    public static func isMissing(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)
    }

    /// "a regular file", "a FIFO", …
    public var described: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .blockDevice: "a block device"
        case .characterDevice: "a character device"
        case .fifo: "a FIFO"
        case .socket: "a socket"
        case .symbolicLink: "a symbolic link"
        case .other: "not a regular file"
        }
    }
}
