#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reading spec files and folders with plain system calls (no Foundation: lint reads thousands of files).
public enum SpecFile {
    /// A file or folder that could not be read: which call failed on which path, and errno in words.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var call: String
        public var errno: Int32
        /// What the path is when it is not a file to read ("a FIFO"): then the reason, in place of errno's words.
        public var notAFile: String?

        public init(path: String, call: String, errno: Int32, notAFile: String? = nil) {
            self.path = path
            self.call = call
            self.errno = errno
            self.notAFile = notAFile
        }

        public var reason: String {
            if let notAFile { return "it is \(notAFile), not a regular file" }
            return String(cString: strerror(errno))
        }
        public var description: String { "cannot read \(path): \(reason) (\(call))" }
    }

    /// The first `maxBytes + 1` bytes of a file at most, so that an oversized file is refused without reading it all.
    /// Only a regular file is read: a FIFO, socket or device is refused, and opened with O_NONBLOCK (and
    /// O_NOCTTY) on the way, so that neither the open nor anything after it waits for a writer that never comes.
    public static func read(path: String, maxBytes: Int = 1 << 20) throws(ReadError) -> [UInt8] {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard fd >= 0 else { throw ReadError(path: path, call: "open()", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ReadError(path: path, call: "fstat()", errno: errno) }
        if st.st_mode & S_IFMT == S_IFDIR { throw ReadError(path: path, call: "read()", errno: EISDIR) }
        let kind = FileKind.of(mode: st.st_mode)
        if kind != .regular { throw ReadError(path: path, call: "fstat()", errno: 0, notAFile: kind.described) }
        return try readAll(fd: fd, path: path, maxBytes: maxBytes, sizeHint: Int(st.st_size))
    }

    /// Standard input, up to `maxBytes + 1` bytes.
    public static func readStandardInput(maxBytes: Int = 1 << 20) throws(ReadError) -> [UInt8] {
        try readAll(fd: 0, path: "-", maxBytes: maxBytes, sizeHint: 0)
    }

    private static func readAll(fd: Int32, path: String, maxBytes: Int, sizeHint: Int) throws(ReadError) -> [UInt8] {
        let limit = maxBytes + 1
        var capacity = sizeHint > 0 ? min(sizeHint + 1, limit) : min(64 * 1024, limit)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while count < limit {
            if count == capacity {
                capacity = min(capacity * 2, limit)
                bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                retrying { Glibc.read(fd, buffer.baseAddress.map { $0 + count }, capacity - count) }
            }
            if n < 0 { throw ReadError(path: path, call: "read()", errno: errno) }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// The current directory, absolute.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return buffer.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress, getcwd(base, b.count) != nil else { return "/" }
            return String(cString: base)
        }
    }

    /// The folder a relative path inside a spec at `path` resolves against: the spec's own folder, absolute.
    public static func baseDirectory(of path: String) -> String {
        let dir = PathText.directory(of: path)
        return dir.hasPrefix("/") ? PathText.normalize(dir) : PathText.resolve(dir, against: currentDirectory())
    }

    static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let r = call()
            if r < 0, errno == EINTR { continue }
            return r
        }
    }
}
