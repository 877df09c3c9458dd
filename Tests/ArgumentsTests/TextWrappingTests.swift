@testable import Arguments
import Testing

@Suite struct TextWrappingTests {
    /// As swift-argument-parser wraps: a line breaks at the last space among the next `columns` characters,
    /// so only the text's last line can be `columns` long.
    @Test func linesBreakAtTheLastSpaceWithinTheWidth() {
        #expect("aaa bbb ccc".wrapped(to: 8) == "aaa bbb\nccc")
        #expect("aaa bbb ccc".wrapped(to: 7) == "aaa\nbbb ccc")
        #expect("aaa bbb ccc".wrapped(to: 6) == "aaa\nbbb\nccc")
    }

    @Test func aWordLongerThanALineStandsAlone() {
        #expect("a bbbbbbbbbb c".wrapped(to: 5) == "a\nbbbbbbbbbb\nc")
    }

    @Test func lineBreaksStayAndEmptyLinesAreNotIndented() {
        #expect("one\n\ntwo three".wrapped(to: 12, indent: 4) == "    one\n\n    two\n    three")
    }
}
