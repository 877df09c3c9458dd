import Glibc

/// The reads and writes every part of mydocker makes on descriptors it does not own (the child's fixed
/// descriptors, stdio) and on small files: EINTR retried (``retryingOnInterrupt(_:)``), errno returned.
/// ``FileDescriptor`` has the throwing forms for descriptors it owns.
///
/// No Foundation and no generic types: the re-executed child calls these on its start-up path.
public enum Sys {
    /// Reads `fd` until end of file: the bytes, or nil with errno set. With a `limit`, reading stops at
    /// `limit + 1` bytes, so that a caller can tell a file over its limit from one at it without reading all of it.
    /// (Not a Result: instantiating a generic type at run time costs more than the read, on the child's start-up
    /// path.)
    ///
    /// `expected`, the size fstat(2) gave, sizes the first read so that a file that has not grown since is read in one
    /// read(2) and the end of file found by a second, without growing the buffer on the way.
    public static func readAll(_ fd: Int32, limit: Int = .max, expecting expected: Int = 0) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: max(4096, min(expected, limit, 1 << 26) + 1))
        var count = 0
        while count <= limit {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let free = bytes.count - count
            let room = limit - count < free ? limit - count + 1 : free  // (no overflow with limit == .max)
            let n = bytes.withUnsafeMutableBytes { buffer in
                retryingOnInterrupt { read(fd, buffer.baseAddress.map { $0 + count }, room) }
            }
            if n.result < 0 {
                errno = n.errno
                return nil
            }
            if n.result == 0 { break }
            count += n.result
        }
        return Array(bytes[0..<count])
    }

    /// Writes all of `bytes` to `fd`. 0, or errno.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// Writes all of `buffer` to `fd`. 0, or errno.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        guard let base = buffer.baseAddress else { return 0 }
        var offset = 0
        while offset < buffer.count {
            let n = retryingOnInterrupt { write(fd, base + offset, buffer.count - offset) }
            if n.result < 0 { return n.errno }
            offset += n.result
        }
        return 0
    }

    /// Opens `path` for writing (no creation, no truncation of /proc files) and writes `text` in one write(2),
    /// as the kernel wants for uid_map, gid_map, setgroups and timens_offsets. nil, or the failure.
    public static func writeFile(_ path: String, _ text: String) -> SystemError? {
        let fd = retryingOnInterrupt { open(path, O_WRONLY | O_CLOEXEC) }
        if fd.result < 0 { return SystemError(call: "open", errno: fd.errno) }
        defer { closeKeepingErrno(fd.result) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { buffer in retryingOnInterrupt { write(fd.result, buffer.baseAddress, buffer.count) } }
        if n.result < 0 { return SystemError(call: "write", errno: n.errno) }
        if n.result != bytes.count { return SystemError(call: "write", errno: EIO) }
        return nil
    }

    /// The whole content of a file, or nil with errno set.
    public static func readFile(_ path: String, limit: Int = .max) -> [UInt8]? {
        let fd = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC) }
        if fd.result < 0 {
            errno = fd.errno
            return nil
        }
        defer { closeKeepingErrno(fd.result) }
        return readAll(fd.result, limit: limit)
    }

    /// The environment of this process (`environ`), as `NAME=value` words.
    public static func environment() -> [String] {
        var words: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            words.append(String(cString: entry))
            cursor += 1
        }
        return words
    }

    /// close(2), keeping errno of an earlier failure intact. Negative descriptors are ignored.
    public static func closeKeepingErrno(_ fd: Int32) {
        guard fd >= 0 else { return }
        let saved = errno
        _ = close(fd)
        errno = saved
    }

    /// The inode of a namespace file (`/proc/self/ns/uts`), 0 when it cannot be read.
    public static func namespaceInode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    /// Whether two paths name the same file (same device and inode, symbolic links followed); false when either
    /// cannot be stat'ed.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
