/// One comment of a YAML text: a `#` that libyaml's scanner reads as the start of a comment.
public struct YAMLComment: Sendable, Equatable {
    /// Line and column of the `#`.
    public var mark: Mark
    /// The bytes after the `#` up to the line break.
    public var text: Range<Int>
    /// Whether something other than white space stands before it on its line (a trailing comment).
    public var followsCode: Bool
    /// For a comment alone on its line: the next line with something other than white space and comments.
    public var nextCodeLine: Int?

    public init(mark: Mark, text: Range<Int>, followsCode: Bool, nextCodeLine: Int? = nil) {
        self.mark = mark
        self.text = text
        self.followsCode = followsCode
        self.nextCodeLine = nextCodeLine
    }
}

/// Finds the comments of a YAML text the way libyaml does: everything between its tokens is white space, line
/// breaks and comments, so a `#` inside a quoted or block scalar, or anywhere after the point where scanning
/// failed (an unclosed quote swallows the rest of the file), is never a comment. One pass over the tokens and
/// one over the bytes: the cost grows with the text's length, however its lines and `#`s are arranged.
public enum YAMLComments {
    public static func find(in bytes: [UInt8]) -> [YAMLComment] {
        let (spans, failure) = bytes.withUnsafeBufferPointer { LibYAMLScanner.tokens(of: $0) }
        var walk = Walk(bytes: bytes)
        var comments: [YAMLComment] = []
        var waiting: [Int] = []
        var span = 0
        // Whether the current line's content so far is only white space.
        var blank = true
        var blockHeader = false
        while walk.offset < bytes.count {
            let trusted: Bool = switch failure {
            case nil: true
            case .character(let c): walk.character < c
            case .byte(let b): walk.offset < b
            }
            let breakLength = LineTable.breakLength(at: walk.offset, in: bytes)
            if breakLength > 0 {
                walk.passBreak(breakLength)
                blank = true
                blockHeader = false
                continue
            }
            while span < spans.count, spans[span].upperBound <= walk.character { span += 1 }
            let inToken = span < spans.count && spans[span].lowerBound <= walk.character
            if inToken, spans[span].lowerBound == walk.character {
                // A block scalar's header line (`key: | # note`) may end in a comment inside the token.
                let b = bytes[walk.offset]
                blockHeader = b == UInt8(ascii: "|") || b == UInt8(ascii: ">")
            }
            let b = bytes[walk.offset]
            let isSpace = b == UInt8(ascii: " ") || b == UInt8(ascii: "\t")
            let commentHere = b == UInt8(ascii: "#") && trusted
                && (!inToken || blockHeader)
            if commentHere {
                let mark = Mark(line: walk.line, column: walk.column)
                walk.passScalar()
                let start = walk.offset
                while walk.offset < bytes.count, LineTable.breakLength(at: walk.offset, in: bytes) == 0 { walk.passScalar() }
                comments.append(YAMLComment(mark: mark, text: start..<walk.offset, followsCode: !blank))
                if blank { waiting.append(comments.count - 1) }
                continue
            }
            if !isSpace, blank {
                blank = false
                for i in waiting { comments[i].nextCodeLine = walk.line }
                waiting.removeAll()
            }
            walk.passScalar()
        }
        return comments
    }

    /// A position in the text kept three ways at once: byte offset, character index (libyaml's mark index) and
    /// line and column.
    struct Walk {
        let bytes: [UInt8]
        var offset = 0
        var character = 0
        var line = 1
        var column = 1

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Past one Unicode scalar (one byte of a malformed sequence).
        mutating func passScalar() {
            let b = bytes[offset]
            let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            offset = min(offset + length, bytes.count)
            character += 1
            column += 1
        }

        /// Past a line break of `length` bytes: CR LF is two characters, NEL, LS and PS one each.
        mutating func passBreak(_ length: Int) {
            character += length == 2 && bytes[offset] == 0x0D ? 2 : 1
            offset += length
            line += 1
            column = 1
        }
    }
}
