import Glibc
import Testing
import YAML

/// Comments as libyaml's scanner tells them from its tokens.
@Suite struct YAMLCommentsTests {
    static func comments(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return YAMLComments.find(in: bytes).map { "\($0.mark) " + String(decoding: bytes[$0.text], as: UTF8.self) }
    }

    @Test func commentsAloneAndAfterCode() {
        let bytes = Array("# one\na: b # two\n\n  # three\nc: [d,#four\n  e]\n".utf8)
        let found = YAMLComments.find(in: bytes)
        #expect(found.map(\.mark) == [Mark(line: 1, column: 1), Mark(line: 2, column: 6), Mark(line: 4, column: 3), Mark(line: 5, column: 7)])
        #expect(found.map(\.followsCode) == [false, true, false, true])
        #expect(found.map(\.nextCodeLine) == [2, nil, 5, nil])
    }

    @Test func aHashInsideAScalarIsNoComment() {
        #expect(Self.comments("a: \"x # no\"\nb: 'y # no'\nc: z#no\nd: |\n  # no\n  text\ne: f # yes\n") == ["7:6  yes"])
    }

    @Test func aBlockScalarHeaderMayEndInAComment() {
        #expect(Self.comments("a: | # header\n  # text\n") == ["1:6  header"])
    }

    /// Nothing after the point where scanning fails is a comment: an unclosed quote swallows the rest of the
    /// file, so what looks like a comment there is text of the string.
    @Test func nothingAfterAScanningErrorIsAComment() {
        #expect(Self.comments("# before\na: \"x\n# inside\n") == ["1:1  before"])
        #expect(Self.comments("a: 'x # inside\n") == [])
    }

    @Test func linesEndWhereLibyamlEndsThem() {
        #expect(Self.comments("a: b\r# two\u{85}c: d # three\u{2028}# four") == ["2:1  two", "3:6  three", "4:1  four"])
    }

    /// A line of 190,000 bytes with a `#` after every blank inside one quoted string: each costs a constant
    /// amount of work (it took half a minute when every `#` restarted from the line's start). Run in a process
    /// of its own that SIGALRM ends after 20 s, a guard far above the milliseconds it takes.
    @Test func manyHashesOnOneLineCostTheirLength() async {
        await #expect(processExitsWith: .success) {
            alarm(20)
            let text = "a: \"" + String(repeating: " #", count: 95_000) + "\" # mydocker-lint\n"
            let found = YAMLComments.find(in: Array(text.utf8))
            precondition(found.count == 1 && found[0].mark.column == 190_007)
        }
    }
}
