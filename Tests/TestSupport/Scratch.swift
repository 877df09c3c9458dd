import Glibc

/// An unlinked temporary file, open for reading and writing.
public final class TempFile {
    public let fd: Int32

    public init() {
        fd = open("/tmp", 0o20_000_000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)  // O_TMPFILE
    }

    public func contents() -> String {
        lseek(fd, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit { close(fd) }
}

/// An errno value (not LinuxSystem's Errno), thrown by test helpers.
public struct TestError: Error, Equatable {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
}

/// A temporary directory, removed (with everything in it) when released.
public final class TempDirectory {
    public let path: String

    public init() throws {
        var template = Array("/tmp/mydocker-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) != nil else { throw TestError(errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        var top = stat()
        if lstat(path, &top) == 0 { Self.removeTree(path, device: top.st_dev) }
    }

    /// Removes `path` and everything under it, depth first. Symbolic links are removed, never followed, and a
    /// directory on another file system (something mounted there) is neither entered nor removed.
    public static func removeTree(_ path: String, device: dev_t) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)
            return
        }
        guard info.st_dev == device, let dir = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names { removeTree("\(path)/\(name)", device: device) }
        rmdir(path)
    }
}
