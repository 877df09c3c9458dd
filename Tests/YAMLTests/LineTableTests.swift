import Testing
import YAML

/// Lines and columns as libyaml counts them: every line break YAML 1.1 knows, CR LF as one, a byte order mark
/// as column 1 (the parser is told the text is UTF-8, so it reads the mark as a character).
@Suite struct LineTableTests {
    /// The value of `k3` is on line 3 by libyaml, whichever break separates the lines; LineTable agrees, and
    /// shows that line's text.
    @Test(arguments: ["\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func everyLineBreakLibyamlKnowsStartsALine(lineBreak: String) throws {
        let text = "k1: a" + lineBreak + "k2: b" + lineBreak + "k3: é" + lineBreak
        let bytes = Array(text.utf8)
        let root = try YAMLParser.parse(bytes)
        let value = try #require(root.mapping?[2].value)
        #expect(value.start == Mark(line: 3, column: 5))
        let table = LineTable(bytes)
        #expect(table.line(3) == "k3: é")
        let offset = try #require(table.offset(of: value.start))
        #expect(table.mark(ofOffset: offset) == value.start)
        #expect(Array(bytes[offset...]).starts(with: Array("é".utf8)))
        #expect(table.endOfStream == Mark(line: 4, column: 1))
    }

    @Test func aByteOrderMarkIsAColumnAsForTheParser() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: b\n".utf8)
        let root = try YAMLParser.parse(bytes)
        let value = try #require(root.mapping?[0].value)
        #expect(value.start == Mark(line: 1, column: 5))
        #expect(LineTable(bytes).mark(ofOffset: 6) == value.start)
        #expect(LineTable(bytes).offset(of: value.start) == 6)
    }

    @Test func aLastLineWithoutABreakEndsTheStreamOnTheNextLine() {
        #expect(LineTable(Array("a: [x".utf8)).endOfStream == Mark(line: 2, column: 1))
        #expect(LineTable([]).endOfStream == Mark(line: 1, column: 1))
    }

    /// libyaml's own reader errors are placed by byte offset: after a CR-only line it is line 2, as libyaml
    /// would count it.
    @Test func anOffsetAfterACarriageReturnIsOnTheNextLine() {
        #expect(throws: YAMLError(.syntax, "not valid UTF-8: invalid leading UTF-8 octet (0xFF at byte 8)", at: Mark(line: 2, column: 4))) {
            try YAMLParser.parse(Array("a: b\rc: ".utf8) + [0xFF])
        }
    }
}
