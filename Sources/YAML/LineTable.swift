/// The lines of a text as libyaml counts them, found in one pass: a line ends at LF, CR, CR LF (one break),
/// NEL (U+0085), LS (U+2028) or PS (U+2029), and columns count Unicode scalars (a leading byte order mark takes
/// column 1, as it does for the parser, which is told the text is UTF-8 rather than left to detect it).
/// The one place that turns byte offsets into marks and back, so that every position mydocker prints agrees
/// with the line and column libyaml gives.
public struct LineTable: Sendable {
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line n at index n - 1).
    private var starts: [Int] = []
    /// Byte offset where each line's content ends, before its line break.
    private var ends: [Int] = []

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = 0
        var i = 0
        while i < bytes.count {
            let n = LineTable.breakLength(at: i, in: bytes)
            if n > 0 {
                starts.append(start)
                ends.append(i)
                i += n
                start = i
            } else {
                i += 1
            }
        }
        starts.append(start)
        ends.append(bytes.count)
    }

    /// How many lines: a text ending in a line break has an empty last line after it.
    public var count: Int { starts.count }

    /// The bytes of line `n` (1-based) without its line break; nil past the last line.
    public func lineRange(_ n: Int) -> Range<Int>? {
        guard n >= 1, n <= starts.count else { return nil }
        return starts[n - 1]..<ends[n - 1]
    }

    /// Line `n` as text, without its line break.
    public func line(_ n: Int) -> String? {
        lineRange(n).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The mark of byte `offset` (clamped to the text): the line holding it, binary-searched, and its column.
    public func mark(ofOffset offset: Int) -> Mark {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = starts[low]
        let end = min(offset, ends[low])
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // An offset inside a line break (the LF of CR LF) stands at the end of the line's content.
        return Mark(line: low + 1, column: column)
    }

    /// The byte offset of a mark's character, nil when the line does not reach that column.
    public func offset(of mark: Mark) -> Int? {
        guard let range = lineRange(mark.line), mark.column >= 1 else { return nil }
        var column = 1
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] & 0xC0 != 0x80 {
                if column == mark.column { return i }
                column += 1
            }
            i += 1
        }
        return column == mark.column ? range.upperBound : nil
    }

    /// The mark libyaml gives the end of the stream: after a last line break, the start of the line after it;
    /// after a last line without one, the start of the line libyaml adds.
    public var endOfStream: Mark {
        Mark(line: ends[ends.count - 1] > starts[starts.count - 1] ? count + 1 : count, column: 1)
    }

    /// The length of the line break starting at byte `i` (CR LF counts as one), 0 when none starts there.
    @inlinable
    public static func breakLength(at i: Int, in bytes: [UInt8]) -> Int {
        switch bytes[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard i + 2 < bytes.count, bytes[i + 1] == 0x80 else { return 0 }
            return bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }
}
