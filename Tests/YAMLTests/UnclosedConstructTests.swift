import Testing
import YAML

/// A quote or bracket the text never closes is reported where it opens, with where the file ends as a note.
@Suite struct UnclosedConstructTests {
    static let end = "the file ends here"

    @Test func anUnclosedDoubleQuote() {
        #expect(throws: YAMLError(.syntax, "this quoted string is never closed: no closing \" before the end of the file", at: Mark(line: 2, column: 6),
                                  note: YAMLError.Note(Self.end, at: Mark(line: 5, column: 1)))) {
            try YAMLParser.parse(Array("a: 1\ncwd: \"/abc\nb: 2\nc: 3\n".utf8))
        }
    }

    @Test func anUnclosedSingleQuote() {
        #expect(throws: YAMLError(.syntax, "this quoted string is never closed: no closing ' before the end of the file", at: Mark(line: 1, column: 4),
                                  note: YAMLError.Note(Self.end, at: Mark(line: 3, column: 1)))) {
            try YAMLParser.parse(Array("a: 'x\n\n".utf8))
        }
    }

    @Test func anUnclosedFlowSequenceAndMapping() {
        #expect(throws: YAMLError(.syntax, "this `[` is never closed: did not find expected ',' or ']'", at: Mark(line: 2, column: 9),
                                  note: YAMLError.Note(Self.end, at: Mark(line: 3, column: 1)))) {
            try YAMLParser.parse(Array("process:\n  args: [/bin/true, x\n".utf8))
        }
        #expect(throws: YAMLError(.syntax, "this `{` is never closed: did not find expected ',' or '}'", at: Mark(line: 1, column: 10),
                                  note: YAMLError.Note(Self.end, at: Mark(line: 2, column: 1)))) {
            try YAMLParser.parse(Array("process: {args: [/bin/true]".utf8))
        }
    }

    /// A bracket closed later, with a comma missing in between, is where libyaml stops: that is where to look.
    @Test func aMissingCommaIsReportedWhereItIsMissing() {
        #expect(throws: YAMLError(.syntax, "did not find expected ',' or '}' while parsing a flow mapping at 1:1", at: Mark(line: 3, column: 6))) {
            try YAMLParser.parse(Array("{\n  \"a\": 1\n  \"b\": 2\n}\n".utf8))
        }
    }
}
