import Glibc

/// A container's log file: one record per line, appended, in the order the monitor read the container's output,
/// in the CRI log format of Kubernetes (containerd, CRI-O):
///
///     2024-05-01T12:00:00.123456789Z stdout F a whole line
///     2024-05-01T12:00:00.123500000Z stderr P the start of a line, not ended yet
///     2024-05-01T12:00:00.200000000Z stderr F , and its end
///
/// The time (``LogTime``, UTC, fixed width) the monitor read it, the stream, `F` for a line that ends here (its
/// newline is the record's) or `P` for a part of one (output that did not end with a newline, or a line longer than
/// a read), then the bytes as the container wrote them. A record is one write(2) to a file opened with O_APPEND, so
/// records never interleave, and a crash leaves at most the last one cut short. Nothing is escaped: a record's
/// content holds no newline by construction, and every other byte is kept. A line that is not a record (an older
/// mydocker's raw log, or what a dying monitor printed) is read as a whole line of stderr without a time.
public struct LogRecord: Equatable, Sendable {
    /// Nanoseconds since the epoch; nil for a line that is not a record.
    public var time: Int64?
    public var stream: LogStream
    /// A part of a line: no newline follows it.
    public var partial: Bool
    /// Where the content is in the line given to ``parse(_:)``.
    public var content: Range<Int>

    public init(time: Int64?, stream: LogStream, partial: Bool, content: Range<Int>) {
        self.time = time
        self.stream = stream
        self.partial = partial
        self.content = content
    }

    /// Reads one line (without its newline): a record, or else a whole stderr line without a time.
    public static func parse<Line: RandomAccessCollection<UInt8>>(_ line: Line) -> LogRecord where Line.Index == Int {
        let base = line.startIndex
        let count = line.count
        let raw = LogRecord(time: nil, stream: .stderr, partial: false, content: base..<(base + count))
        // The fixed layout the writer uses: TIME(30) SP STREAM(6) SP TAG(1) SP CONTENT.
        let header = LogTime.width + 10
        guard count >= header - 1, line[base + LogTime.width] == space, line[base + LogTime.width + 7] == space else {
            return parseLoose(line) ?? raw
        }
        let streamStart = base + LogTime.width + 1
        let stream: LogStream
        if matches(line, at: streamStart, LogStream.stdoutBytes) { stream = .stdout }
        else if matches(line, at: streamStart, LogStream.stderrBytes) { stream = .stderr }
        else { return parseLoose(line) ?? raw }
        let tag = line[base + LogTime.width + 8]
        guard tag == UInt8(ascii: "F") || tag == UInt8(ascii: "P"), count == header - 1 || line[base + header - 1] == space,
              let time = parseTime(line, from: base, length: LogTime.width) else {
            return parseLoose(line) ?? raw
        }
        return LogRecord(time: time, stream: stream, partial: tag == UInt8(ascii: "P"),
                         content: min(base + header, base + count)..<(base + count))
    }

    /// The general CRI form: `TIME STREAM TAGS CONTENT`, any RFC 3339 time, tags separated by `:`.
    static func parseLoose<Line: RandomAccessCollection<UInt8>>(_ line: Line) -> LogRecord? where Line.Index == Int {
        var fields: [Range<Int>] = []
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex, fields.count < 3 {
            if line[index] == space {
                fields.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        if fields.count < 3, index == line.endIndex, fields.count == 2 { fields.append(start..<index); start = index }
        guard fields.count == 3, let time = parseTime(line, from: fields[0].lowerBound, length: fields[0].count) else { return nil }
        let stream: LogStream
        if fields[1].count == 6, matches(line, at: fields[1].lowerBound, LogStream.stdoutBytes) { stream = .stdout }
        else if fields[1].count == 6, matches(line, at: fields[1].lowerBound, LogStream.stderrBytes) { stream = .stderr }
        else { return nil }
        // The first tag says whether the line ends (`F`) or goes on (`P`); others may follow it after a `:`.
        let tags = line[fields[2]]
        guard let tag = tags.first, tag == UInt8(ascii: "P") || tag == UInt8(ascii: "F"),
              tags.count == 1 || tags[tags.startIndex + 1] == UInt8(ascii: ":") else { return nil }
        return LogRecord(time: time, stream: stream, partial: tag == UInt8(ascii: "P"), content: start..<line.endIndex)
    }

    /// The time at `from`: the writer's fixed layout read in place, or any RFC 3339 time.
    static func parseTime<Line: RandomAccessCollection<UInt8>>(_ line: Line, from: Int, length: Int) -> Int64? where Line.Index == Int {
        if length == LogTime.width, let time = parseFixedTime(line, from: from) { return time }
        guard length >= 20, length <= 40 else { return nil }
        return LogSince.timestamp(Array(line[from..<(from + length)]), localOffset: 0)
    }

    /// `YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ` without a copy.
    static func parseFixedTime<Line: RandomAccessCollection<UInt8>>(_ line: Line, from: Int) -> Int64? where Line.Index == Int {
        func number(_ offset: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for index in (from + offset)..<(from + offset + count) {
                let digit = line[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        for (offset, character) in fixedSeparators where line[from + offset] != character { return nil }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), let nanos = number(20, 9) else { return nil }
        let days = LogTime.days(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000_000_000 + second * 1_000_000_000 + nanos
    }

    private static func matches<Line: RandomAccessCollection<UInt8>>(_ line: Line, at index: Int, _ word: [UInt8]) -> Bool where Line.Index == Int {
        guard index + word.count <= line.endIndex else { return false }
        for (offset, byte) in word.enumerated() where line[index + offset] != byte { return false }
        return true
    }

    static let fixedSeparators: [(Int, UInt8)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (29, "Z")]
        .map { ($0.0, UInt8(ascii: $0.1)) }
    static let space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")

    // MARK: writing

    /// Appends the records for `bytes`, which the container wrote to `stream` and the monitor read at `time`: one
    /// `F` record per line, and a `P` record for what follows the last newline, if anything does.
    public static func encode(_ bytes: UnsafeRawBufferPointer, stream: LogStream, time: Int64, into out: inout [UInt8]) {
        var timeText: [UInt8] = []
        timeText.reserveCapacity(LogTime.width)
        LogTime.append(time, to: &timeText)
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let found = memchr(base + start, Int32(newline), bytes.count - start)
            let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            let whole = found != nil
            out.append(contentsOf: timeText)
            out.append(space)
            out.append(contentsOf: stream.nameBytes)
            out.append(space)
            out.append(whole ? UInt8(ascii: "F") : UInt8(ascii: "P"))
            out.append(space)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            out.append(newline)
            start = end + 1
        }
    }
}
