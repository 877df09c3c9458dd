import Glibc
import LinuxSystem

/// Reads a log forward from an offset, line by line, as far as it is written; ``readAvailable(_:_:)`` again reads
/// what was appended since (`logs --follow`). A line the writer has not finished stays pending until it is.
public struct LogCursor {
    /// The next byte to read.
    public private(set) var offset: Int64
    /// The start of a line read up to the end of the file, not ended yet, and where it starts.
    var pending: [UInt8] = []
    var pendingOffset: Int64 = 0

    /// A line longer than this cannot be a record (the writer cuts them at ``LogWriter/chunkSize``): what is pending
    /// of it is given out as a part, so that memory stays bounded whatever the file holds.
    static let longestLine = 1 << 20

    public init(offset: Int64) {
        self.offset = offset
    }

    /// One line read: its record, the line's bytes (the content is `line[record.content]`), and where it starts
    /// in the log.
    public typealias Visitor = (LogRecord, UnsafeRawBufferPointer, Int64) throws(SystemError) -> Void

    /// Calls `visit` for every line complete now, in order.
    public mutating func readAvailable(_ log: inout LogFile, _ visit: Visitor) throws(SystemError) {
        var buffer = [UInt8](repeating: 0, count: LogFile.blockSize)
        while true {
            let n = try log.read(into: &buffer, count: buffer.count, at: offset)
            if n == 0 { return }
            let chunkOffset = offset
            offset += Int64(n)
            try buffer.withBytes { (bytes) throws(SystemError) in
                try lines(UnsafeRawBufferPointer(rebasing: bytes[0..<n]), at: chunkOffset, visit)
            }
        }
    }

    /// Calls `visit` for an unfinished last line, once nothing will finish it (its writer is gone).
    public mutating func finish(_ visit: Visitor) throws(SystemError) {
        guard !pending.isEmpty else { return }
        let line = pending
        pending = []
        try line.withBytes { (bytes) throws(SystemError) in try visit(LogRecord.parse(bytes), bytes, pendingOffset) }
    }

    mutating func lines(_ chunk: UnsafeRawBufferPointer, at chunkOffset: Int64, _ visit: Visitor) throws(SystemError) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, Int32(LogRecord.newline), chunk.count - start) else {
                if pending.isEmpty { pendingOffset = chunkOffset + Int64(start) }
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
                if pending.count > Self.longestLine {
                    let line = pending
                    pending = []
                    try line.withBytes { (bytes) throws(SystemError) in
                        var record = LogRecord.parse(bytes)
                        record.partial = true
                        try visit(record, bytes, pendingOffset)
                    }
                    pendingOffset = chunkOffset + Int64(chunk.count)
                }
                return
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if pending.isEmpty {
                try visit(LogRecord.parse(piece), piece, chunkOffset + Int64(start))
            } else {
                pending.append(contentsOf: piece)
                let line = pending
                pending = []
                try line.withBytes { (bytes) throws(SystemError) in try visit(LogRecord.parse(bytes), bytes, pendingOffset) }
            }
            start = end + 1
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws a ``SystemError`` (the standard one rethrows untyped).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(SystemError) -> R) throws(SystemError) -> R {
        let result: Result<R, SystemError> = withUnsafeBytes { bytes in
            do throws(SystemError) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
