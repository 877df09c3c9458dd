import LinuxSystem

/// `logs --tail N`: the records of the last N lines, found reading the log backwards from its end.
///
/// A line is a stream's records up to one that ends it (`F`), or an unfinished one; a line that is not a record is
/// a whole line of stdout. The last N lines are the N whose last records are the last in the log, with all their
/// parts (`P`), also those written before other lines of the other stream: a record that goes on from an earlier
/// one says so (``LogRecord/continues``), so the search goes back only as far as the lines' first parts. What is
/// shown is what those records hold, in the log's order: a selection (``LogSelection``) that starts at the first
/// of them and skips the records of other lines after it.
extension LogFile {
    /// The last `count` lines (see above). Reads what they hold, plus at most a block, plus what the other stream
    /// wrote between the parts of one of them.
    public mutating func lastLines(_ count: Int) throws(SystemError) -> LogSelection {
        var start: Int64 = 0
        var skippedBackwards: [Range<Int64>] = []
        var streams: [LogStream: TailState] = [:]
        var lines = 0
        try forEachLineBackwards { lineStart, next, header in
            let done = lines == count && !streams.values.contains(.open)
            if done {
                start = next
                return false
            }
            let record = LogRecord.parse(header)
            var state = streams[record.stream] ?? .idle
            var selected = false
            if state == .open && record.partial {
                // A part of the line being gathered.
                selected = true
            } else if state != .closed {
                // The end of a line before those taken (or a part no end followed: an unfinished line).
                if lines < count {
                    lines += 1
                    selected = true
                } else {
                    state = .closed
                }
            }
            if selected { state = record.continues ? .open : .idle }
            streams[record.stream] = state
            if !selected {
                // Whole lines, met backwards: one range for lines skipped one after the other.
                if let last = skippedBackwards.last, last.lowerBound == next {
                    skippedBackwards[skippedBackwards.count - 1] = lineStart..<last.upperBound
                } else {
                    skippedBackwards.append(lineStart..<next)
                }
            }
            return true
        }
        return LogSelection(start: start, skipped: skippedBackwards.reversed().filter { $0.upperBound > start })
    }

    /// Where `lastLines` stands with a stream: between lines, gathering the parts of one (its record goes on from
    /// an earlier one), or done (its lines are older than those taken).
    enum TailState { case idle, open, closed }

    /// Calls `body` with each whole line from the end back (its start, the start of the next one, and its first
    /// bytes, up to ``headerSize``) until it returns false. A last line without its newline is left out.
    mutating func forEachLineBackwards(_ body: (Int64, Int64, [UInt8]) -> Bool) throws(SystemError) {
        var blockEnd = try size()
        var buffer = [UInt8](repeating: 0, count: Self.blockSize)
        /// The first bytes after the block being scanned (the start of the block scanned before it).
        var following: [UInt8] = []
        /// Where the newline of the line being scanned is; nil while in an unfinished last line.
        var lineEnd: Int64?
        while blockEnd > 0 {
            let blockStart = max(0, blockEnd - Int64(Self.blockSize))
            let n = try read(into: &buffer, count: Int(blockEnd - blockStart), at: blockStart)
            var index = n - 1
            while index >= 0 {
                if buffer[index] == LogRecord.newline {
                    let newline = blockStart + Int64(index)
                    if let end = lineEnd {
                        let header = Self.header(buffer, after: index, count: n, following: following, length: Int(end - newline - 1))
                        if !body(newline + 1, end + 1, header) { return }
                    }
                    lineEnd = newline
                }
                index -= 1
            }
            following = Array(buffer[0..<min(n, Self.headerSize)])
            blockEnd = blockStart
        }
        if let end = lineEnd { _ = body(0, end + 1, Array(following.prefix(min(Int(end), Self.headerSize)))) }
    }

    /// The first bytes of the line that starts after `buffer[index]`, up to `length` (the line's) and
    /// ``headerSize``, continued from `following` when the block ends first.
    static func header(_ buffer: [UInt8], after index: Int, count: Int, following: [UInt8], length: Int) -> [UInt8] {
        let wanted = min(length, headerSize)
        var bytes = Array(buffer[(index + 1)..<min(count, index + 1 + wanted)])
        if bytes.count < wanted { bytes += following.prefix(wanted - bytes.count) }
        return bytes
    }
}

/// Which records of a log to show: from `start` on, but those in `skipped` (byte ranges of whole lines, ascending).
public struct LogSelection: Equatable, Sendable {
    public let start: Int64
    public let skipped: [Range<Int64>]
    /// The first range of `skipped` not passed yet by ``includes(_:)``.
    private var next = 0

    public init(start: Int64, skipped: [Range<Int64>] = []) {
        self.start = start
        self.skipped = skipped
    }

    /// Whether the line at `offset` is shown; asked with growing offsets.
    public mutating func includes(_ offset: Int64) -> Bool {
        guard offset >= start else { return false }
        while next < skipped.count, skipped[next].upperBound <= offset { next += 1 }
        return next == skipped.count || !skipped[next].contains(offset)
    }
}
