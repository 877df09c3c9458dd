import CShim
import Glibc

/// An open file descriptor that this value owns: it is closed exactly once, when the value goes away or is
/// consumed by ``close()``, unless ownership is handed on with ``release()``. Non-copyable, so that no path can
/// close it twice or forget it (in the spirit of swift-system's `FileDescriptor`, which is a plain value).
public struct FileDescriptor: ~Copyable, Sendable {
    /// The descriptor number.
    public let rawValue: Int32

    /// Takes ownership of `rawValue` (>= 0).
    @inlinable public init(owning rawValue: Int32) {
        self.rawValue = rawValue
    }

    deinit {
        Sys.closeKeepingErrno(rawValue)
    }

    /// Closes it now.
    public consuming func close() {
        // deinit closes it
    }

    /// Gives up ownership: the number is the caller's to close.
    public consuming func release() -> Int32 {
        let raw = rawValue
        discard self
        return raw
    }

    // MARK: opening

    /// open(2), close-on-exec, retried on EINTR.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> FileDescriptor {
        let fd = retryingOnInterrupt { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard fd.result >= 0 else { throw SystemError(call: "open \(path)", errno: fd.errno) }
        return FileDescriptor(owning: fd.result)
    }

    /// openat(2) of `name` in the directory open at `self`, close-on-exec, retried on EINTR.
    public func open(_ name: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> FileDescriptor {
        let dir = rawValue
        let fd = retryingOnInterrupt { Glibc.openat(dir, name, flags | O_CLOEXEC, mode) }
        guard fd.result >= 0 else { throw SystemError(call: "open \(name)", errno: fd.errno) }
        return FileDescriptor(owning: fd.result)
    }

    /// openat2(2) of `path` inside the directory open at `self` as if it were `/` (RESOLVE_IN_ROOT, plus
    /// RESOLVE_NO_MAGICLINKS): `..` and symlinks, even absolute ones, stay inside it, and /proc magic links are
    /// refused, so nothing a container's file system holds can lead the caller onto the host's files.
    public func openInRoot(_ path: String, _ flags: Int32, mode: UInt32 = 0) throws(SystemError) -> FileDescriptor {
        let fd = md_openat2(rawValue, path, flags | O_CLOEXEC, mode, FileDescriptor.inRoot)
        guard fd >= 0 else { throw SystemError(call: "openat2", errno: Glibc.errno) }
        return FileDescriptor(owning: fd)
    }

    /// The resolve flags of ``openInRoot(_:_:mode:)``.
    public static let inRoot = UInt64(MD_RESOLVE_IN_ROOT | MD_RESOLVE_NO_MAGICLINKS)

    /// O_PATH, which Glibc's module map hides from Swift: a descriptor that names a file without opening it
    /// for reading (no permission needed, and a FIFO or device is never opened).
    public static let pathOnly = Int32(MD_O_PATH)

    /// A second descriptor for the same open file (close-on-exec).
    public func duplicate() throws(SystemError) -> FileDescriptor {
        let fd = fcntl(rawValue, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else { throw SystemError(call: "fcntl(F_DUPFD_CLOEXEC)", errno: Glibc.errno) }
        return FileDescriptor(owning: fd)
    }


    // MARK: reading and writing

    /// Everything up to end of file (``Sys/readAll(_:limit:expecting:)``).
    public func readAll(limit: Int = .max, expecting expected: Int = 0) throws(SystemError) -> [UInt8] {
        guard let bytes = Sys.readAll(rawValue, limit: limit, expecting: expected) else { throw SystemError(call: "read", errno: Glibc.errno) }
        return bytes
    }

    /// All of `bytes` (``Sys/writeAll(_:_:)``).
    public func writeAll(_ bytes: [UInt8]) throws(SystemError) {
        let err = Sys.writeAll(rawValue, bytes)
        guard err == 0 else { throw SystemError(call: "write", errno: err) }
    }
}

/// Both ends of a pipe2(O_CLOEXEC), each owned.
public struct Pipe: ~Copyable {
    public var read: FileDescriptor
    public var write: FileDescriptor

    public init() throws(SystemError) {
        var fds: [Int32] = [-1, -1]
        guard md_pipe_cloexec(&fds) == 0 else { throw SystemError(call: "pipe2", errno: Glibc.errno) }
        read = FileDescriptor(owning: fds[0])
        write = FileDescriptor(owning: fds[1])
    }

    /// The read end; the write end is closed.
    public consuming func readEnd() -> FileDescriptor {
        read
    }

    /// The write end; the read end is closed.
    public consuming func writeEnd() -> FileDescriptor {
        write
    }
}
