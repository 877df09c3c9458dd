import Glibc
import LinuxSystem

/// A container's log opened for reading: where to start for `--tail N` (read backwards from the end) and for
/// `--since TIME` (a binary search on the records' times), so that neither reads more than what it shows plus a
/// block. Records are read forward from there with a ``LogCursor``.
public struct LogFile: ~Copyable {
    let file: FileDescriptor
    /// How many bytes were read, all told (what a huge log costs is in proportion to what is shown).
    public private(set) var bytesRead: Int64 = 0

    /// How much is read at a time.
    static let blockSize = 65_536
    /// How much of a line's start tells its kind (a record's header is 40 bytes).
    static let headerSize = 64

    public init(path: String) throws(SystemError) {
        file = try FileDescriptor.open(path, O_RDONLY)
    }

    public init(file: consuming FileDescriptor) {
        self.file = file
    }

    /// Its size now.
    public func size() throws(SystemError) -> Int64 {
        var info = stat()
        guard fstat(file.rawValue, &info) == 0 else { throw SystemError(call: "fstat", errno: errno) }
        return Int64(info.st_size)
    }

    /// pread(2) into `buffer` at `offset`, until `count` bytes or the end of the file: how many were read.
    mutating func read(into buffer: inout [UInt8], count: Int, at offset: Int64) throws(SystemError) -> Int {
        var total = 0
        while total < count {
            let fd = file.rawValue
            let n = buffer.withUnsafeMutableBytes { bytes in
                retryingOnInterrupt { pread(fd, bytes.baseAddress.map { $0 + total }, count - total, off_t(offset) + off_t(total)) }
            }
            if n.result < 0 { throw SystemError(call: "read the log", errno: n.errno) }
            if n.result == 0 { break }
            total += n.result
        }
        bytesRead += Int64(total)
        return total
    }

    // MARK: --since

    /// A line start at or before the first record of `time` or later, found by bisection on the records' times
    /// (they grow as the log grows); a reader from there skips the few earlier records it meets.
    public mutating func offset(since time: Int64) throws(SystemError) -> Int64 {
        var low: Int64 = 0
        var high = try size()
        var buffer = [UInt8](repeating: 0, count: Self.blockSize)
        while high - low > 2 * Int64(Self.blockSize) {
            let middle = low + (high - low) / 2
            guard let (start, found) = try firstRecordTime(from: middle, before: high, buffer: &buffer) else {
                high = middle
                continue
            }
            if found < time { low = start } else { high = middle }
        }
        return low
    }

    /// The first record that starts after `offset` and before `limit` and has a time: where it starts and its time.
    mutating func firstRecordTime(from offset: Int64, before limit: Int64, buffer: inout [UInt8]) throws(SystemError) -> (Int64, Int64)? {
        var position = offset
        var lineStart: Int64?
        var line: [UInt8] = []
        while position < limit {
            let n = try read(into: &buffer, count: Int(min(Int64(Self.blockSize), limit - position)), at: position)
            if n == 0 { return nil }
            for index in 0..<n {
                let byte = buffer[index]
                if lineStart == nil {
                    if byte == LogRecord.newline { lineStart = position + Int64(index) + 1 }
                    continue
                }
                if byte == LogRecord.newline || line.count == Self.headerSize {
                    if let time = LogRecord.parse(line).time, let start = lineStart { return (start, time) }
                    if byte != LogRecord.newline { line = []; lineStart = nil; continue }
                    line = []
                    lineStart = position + Int64(index) + 1
                    continue
                }
                line.append(byte)
            }
            position += Int64(n)
        }
        return nil
    }
}
