import CShim
import Glibc

/// Stream sockets in the file system (AF_UNIX): a listener named in a directory held open, connections to it,
/// and sends that never raise SIGPIPE. A name is reached through `/proc/self/fd/DIR/NAME`, so that a deep
/// directory fits in `sun_path` (108 bytes) and the socket is made in the directory held, not one renamed there.
public enum UnixSocket {
    /// socket(2) + bind(2) + listen(2): a non-blocking, close-on-exec listener at `name` in `directory`, mode 0600.
    public static func listen(at name: String, in directory: borrowing FileDescriptor, backlog: Int32 = 16) throws(SystemError) -> FileDescriptor {
        let socket = try make(nonblocking: true)
        let path = "/proc/self/fd/\(directory.rawValue)/\(name)"
        let bound = try withAddress(path) { address, length in bind(socket.rawValue, address, length) }
        guard bound == 0 else { throw SystemError(call: "bind \(name)", errno: errno) }
        _ = fchmodat(directory.rawValue, name, 0o600, 0)
        guard Glibc.listen(socket.rawValue, backlog) == 0 else { throw SystemError(call: "listen \(name)", errno: errno) }
        return socket
    }

    /// socket(2) + connect(2) to the listener at `name` in the directory `directory` (a path): a blocking,
    /// close-on-exec connection.
    public static func connect(to name: String, inDirectory directory: String) throws(SystemError) -> FileDescriptor {
        let folder = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY)
        let socket = try make(nonblocking: false)
        let path = "/proc/self/fd/\(folder.rawValue)/\(name)"
        let fd = socket.rawValue
        let connected = try withAddress(path) { address, length in retryingOnInterrupt { Glibc.connect(fd, address, length) }.result }
        guard connected == 0 else { throw SystemError(call: "connect \(directory)/\(name)", errno: errno) }
        return socket
    }

    /// accept4(2) of a pending connection: non-blocking and close-on-exec; nil when none is pending.
    public static func accept(_ listener: borrowing FileDescriptor) throws(SystemError) -> FileDescriptor? {
        let fd = retryingOnInterrupt { md_accept_cloexec(listener.rawValue) }
        if fd.result >= 0 { return FileDescriptor(owning: fd.result) }
        if fd.errno == EAGAIN || fd.errno == ECONNABORTED { return nil }
        throw SystemError(call: "accept4", errno: fd.errno)
    }

    /// send(2) with MSG_NOSIGNAL (EPIPE instead of SIGPIPE when the peer is gone): how many bytes went, 0 when the
    /// socket's buffer is full (EAGAIN), or -1 with errno set.
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        let n = retryingOnInterrupt { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        if n.result >= 0 { return n.result }
        if n.errno == EAGAIN { return 0 }
        errno = n.errno
        return -1
    }

    static func make(nonblocking: Bool) throws(SystemError) -> FileDescriptor {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonblocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = Glibc.socket(AF_UNIX, type, 0)
        guard fd >= 0 else { throw SystemError(call: "socket(AF_UNIX)", errno: errno) }
        return FileDescriptor(owning: fd)
    }

    /// Calls `body` with a sockaddr_un for `path`.
    static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) throws(SystemError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw SystemError(call: "bind", errno: ENAMETOOLONG, hint: "\(path) is too long for a socket address") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}

extension UnixSocket {
    /// Connects to the stream socket at `path` and sends `fd` over it (SCM_RIGHTS), as runc sends a container's
    /// terminal to a `--console-socket`.
    public static func send(descriptor fd: Int32, toSocketAt path: String) throws(SystemError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let socket = try connect(to: name, inDirectory: directory)
        guard md_send_fd(socket.rawValue, fd) == 0 else { throw SystemError(call: "sendmsg(SCM_RIGHTS) to \(path)", errno: errno) }
    }
}
