import Glibc

/// A container's log file: one record per line, appended, in the order the monitor read the container's output,
/// in the CRI log format of Kubernetes (containerd, CRI-O):
///
///     2024-05-01T12:00:00.123456789Z stdout F a whole line
///     2024-05-01T12:00:00.123500000Z stderr P the start of a line, not ended yet
///     2024-05-01T12:00:00.200000000Z stdout F another line
///     2024-05-01T12:00:00.300000000Z stderr F:cont , and the end of the stderr line
///
/// The time (``LogTime``, UTC, fixed width) the monitor read it, the stream, the tags, then the bytes as the
/// container wrote them. The first tag is `F` for a line that ends here (its newline is the record's) or `P` for a
/// part of one (output that did not end with a newline, or a line longer than a read); `cont` (after a `:`, which
/// CRI readers skip) marks a record that goes on from the stream's previous one, a `P`, so that `--tail` knows
/// where a line begins without reading back to the stream's previous record. A record is one write(2) to a file
/// opened with O_APPEND, so records never interleave, and a crash leaves at most the last one cut short. Nothing
/// is escaped: a record's content holds no newline by construction, and every other byte is kept. A line that is
/// not a record (an older mydocker's log, which was the container's output as it was, or what a dying monitor
/// printed) is read as a whole line of stdout without a time.
public struct LogRecord: Equatable, Sendable {
    /// Nanoseconds since the epoch; nil for a line that is not a record.
    public var time: Int64?
    public var stream: LogStream
    /// A part of a line: no newline follows it.
    public var partial: Bool
    /// It goes on from the stream's previous record (a part).
    public var continues: Bool
    /// Where the content is in the line given to ``parse(_:)``.
    public var content: Range<Int>

    public init(time: Int64?, stream: LogStream, partial: Bool, continues: Bool = false, content: Range<Int>) {
        self.time = time
        self.stream = stream
        self.partial = partial
        self.continues = continues
        self.content = content
    }

    /// The longest time and tags a record's header may have.
    static let longestTime = 40
    static let longestTags = 16

    /// Reads one line (without its newline): a record, or else a whole stdout line without a time.
    public static func parse<Line: RandomAccessCollection<UInt8>>(_ line: Line) -> LogRecord where Line.Index == Int {
        let base = line.startIndex
        let raw = LogRecord(time: nil, stream: .stdout, partial: false, content: base..<line.endIndex)
        // TIME SP STREAM SP TAGS [SP CONTENT]
        guard let timeEnd = field(line, from: base, longest: longestTime), timeEnd < line.endIndex,
              let time = parseTime(line, from: base, length: timeEnd - base) else { return raw }
        let streamStart = timeEnd + 1
        let stream: LogStream
        if matches(line, at: streamStart, LogStream.stdoutBytes) { stream = .stdout }
        else if matches(line, at: streamStart, LogStream.stderrBytes) { stream = .stderr }
        else { return raw }
        let tagsStart = streamStart + 6
        guard tagsStart < line.endIndex, line[tagsStart] == space,
              let tagsEnd = field(line, from: tagsStart + 1, longest: longestTags) else { return raw }
        // The first tag says whether the line ends (`F`) or goes on (`P`); others may follow after a `:`.
        let first = line[tagsStart + 1]
        guard first == UInt8(ascii: "P") || first == UInt8(ascii: "F"),
              tagsEnd == tagsStart + 2 || line[tagsStart + 2] == colon else { return raw }
        var continues = false
        var tag = tagsStart + 3
        while tag < tagsEnd {
            let end = line[tag..<tagsEnd].firstIndex(of: colon) ?? tagsEnd
            if end - tag == 4 && matches(line, at: tag, continuation) { continues = true }
            tag = end + 1
        }
        return LogRecord(time: time, stream: stream, partial: first == UInt8(ascii: "P"), continues: continues,
                         content: min(tagsEnd + 1, line.endIndex)..<line.endIndex)
    }

    /// Where the field that starts at `from` ends (a space or the end of the line), within `longest` bytes.
    static func field<Line: RandomAccessCollection<UInt8>>(_ line: Line, from: Int, longest: Int) -> Int? where Line.Index == Int {
        var index = from
        while index < line.endIndex, index - from <= longest {
            if line[index] == space { return index > from ? index : nil }
            index += 1
        }
        return index == line.endIndex && index > from ? index : nil
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
    static let colon = UInt8(ascii: ":")
    static let continuation = Array("cont".utf8)
    static let newline = UInt8(ascii: "\n")

    // MARK: writing

    /// Appends the records for `bytes`, which the container wrote to `stream` and the monitor read at `time`: one
    /// `F` record per line, and a `P` record for what follows the last newline, if anything does. `continuing`:
    /// the stream's previous record was a part (the first record goes on from it). Returns whether the last record
    /// is a part (the next one for the stream goes on from it).
    @discardableResult
    public static func encode(_ bytes: UnsafeRawBufferPointer, stream: LogStream, time: Int64, continuing: Bool = false,
                              into out: inout [UInt8]) -> Bool {
        var timeText: [UInt8] = []
        timeText.reserveCapacity(LogTime.width)
        LogTime.append(time, to: &timeText)
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return continuing }
        var start = 0
        var continues = continuing
        var whole = true
        while start < bytes.count {
            let found = memchr(base + start, Int32(newline), bytes.count - start)
            let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            whole = found != nil
            out.append(contentsOf: timeText)
            out.append(space)
            out.append(contentsOf: stream.nameBytes)
            out.append(space)
            out.append(whole ? UInt8(ascii: "F") : UInt8(ascii: "P"))
            if continues {
                out.append(colon)
                out.append(contentsOf: continuation)
            }
            out.append(space)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            out.append(newline)
            start = end + 1
            continues = false
        }
        return !whole
    }
}
