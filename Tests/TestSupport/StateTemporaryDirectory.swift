import Glibc

/// A fresh directory under /tmp, removed by `remove()`.
public struct StateTemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/mydocker-state-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        path = made ?? "/tmp/mydocker-state-test-fallback-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    public func remove() {
        _ = system("rm -rf '\(path)'")
    }

    public func write(_ relative: String, _ text: String) {
        let fd = open("\(path)/\(relative)", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
    }

    public func read(_ relative: String) -> String? {
        let fd = open("\(path)/\(relative)", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func exists(_ relative: String) -> Bool {
        access("\(path)/\(relative)", F_OK) == 0
    }
}
