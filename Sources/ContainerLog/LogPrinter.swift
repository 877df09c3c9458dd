import LinuxSystem

/// Writes a log's records as `logs` shows them: each record's content to the stream it came from (stdout to
/// descriptor 1, stderr to 2), in the log's order, with `--timestamps`' time before each line, skipping records
/// before `--since`. Output is gathered per stream and written when the stream changes or the buffer is full, so
/// that a large log costs few writes and the order between the two streams is kept.
public struct LogPrinter {
    public var timestamps: Bool
    /// Nanoseconds since the epoch: records read earlier are skipped (and lines without a time).
    public var since: Int64?
    /// Where each stream goes (tests write elsewhere).
    public var descriptors: (stdout: Int32, stderr: Int32) = (1, 2)

    var buffer: [UInt8] = []
    var bufferStream: LogStream?
    /// Whether the next content of each stream starts a line (the time goes before it).
    var lineStart: (stdout: Bool, stderr: Bool) = (true, true)

    static let bufferLimit = 65_536

    public init(timestamps: Bool = false, since: Int64? = nil) {
        self.timestamps = timestamps
        self.since = since
    }

    /// Shows one record (its line is `line`).
    public mutating func print(_ record: LogRecord, line: UnsafeRawBufferPointer) throws(SystemError) {
        if let since, (record.time ?? Int64.min) < since { return }
        if bufferStream != record.stream || buffer.count > Self.bufferLimit { try flush() }
        bufferStream = record.stream
        let startsLine = record.stream == .stdout ? lineStart.stdout : lineStart.stderr
        if timestamps, startsLine, let time = record.time {
            LogTime.append(time, to: &buffer)
            buffer.append(LogRecord.space)
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[record.content]))
        if !record.partial { buffer.append(LogRecord.newline) }
        if record.stream == .stdout { lineStart.stdout = !record.partial } else { lineStart.stderr = !record.partial }
    }

    /// Writes what is gathered.
    public mutating func flush() throws(SystemError) {
        guard let stream = bufferStream, !buffer.isEmpty else { return }
        let fd = stream == .stdout ? descriptors.stdout : descriptors.stderr
        let failed = Sys.writeAll(fd, buffer)
        buffer.removeAll(keepingCapacity: true)
        if failed != 0 { throw SystemError(call: "write to \(stream.name)", errno: failed) }
    }
}
