import Glibc

/// Thin wrappers over the system calls the executor makes often: EINTR retried, errno returned.
enum Sys {
    /// The value of `body`, called again while it fails with EINTR.
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let result = body()
            if result != -1 || errno != EINTR { return result }
        }
    }

    /// Reads `fd` until end of file: the bytes, or nil with errno set. (Not a Result: instantiating a generic
    /// type at run time costs more than the read, on the child's start-up path.) With a `limit`, reading stops
    /// at `limit + 1` bytes, so that a caller can tell a file over its limit from one at it without reading
    /// all of it.
    static func readToEnd(_ fd: Int32, limit: Int = .max) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var count = 0
        while count <= limit {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let free = bytes.count - count
            let room = limit - count < free ? limit - count + 1 : free  // (no overflow with limit == .max)
            let n = bytes.withUnsafeMutableBytes { buffer in
                retrying { read(fd, buffer.baseAddress.map { $0 + count }, room) }
            }
            if n < 0 { return nil }
            if n == 0 { break }
            count += n
        }
        return Array(bytes[0..<count])
    }

    /// Writes all of `bytes` to `fd`. 0, or errno.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return retrying { write(fd, base + offset, buffer.count - offset) }
            }
            if n < 0 { return errno }
            offset += n
        }
        return 0
    }

    /// Opens `path` for writing (no creation, no truncation of /proc files) and writes `text` in one write(2),
    /// as the kernel wants for uid_map, gid_map, setgroups and timens_offsets. 0, or (errno, which call).
    static func writeFile(_ path: String, _ text: String) -> (errno: Int32, call: String)? {
        let fd = retrying { open(path, O_WRONLY | O_CLOEXEC) }
        if fd < 0 { return (errno, "open") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { buffer in retrying { write(fd, buffer.baseAddress, buffer.count) } }
        if n < 0 { return (errno, "write") }
        if n != bytes.count { return (EIO, "write") }
        return nil
    }

    /// The whole content of a (small) file, or nil.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC) }
        if fd < 0 { return nil }
        defer { close(fd) }
        return readToEnd(fd)
    }

    /// The inode of a namespace file (`/proc/self/ns/uts`), 0 when it cannot be read.
    static func namespaceInode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
