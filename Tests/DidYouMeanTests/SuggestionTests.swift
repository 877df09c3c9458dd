import DidYouMean
import Testing

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("abc", "", 3),
        ("same", "same", 0),
        ("fromat", "format", 1),  // an adjacent swap is one edit
        ("namespace", "namespaces", 1),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggestion.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
        #expect(Suggestion.distance(Array(b.unicodeScalars), Array(a.unicodeScalars)) == expected)
    }

    @Test func theNearestCandidateWins() {
        #expect(Suggestion.nearest(to: "formt", in: ["strict", "format", "color"]) == "format")
        #expect(Suggestion.nearest(to: "Hostname", in: ["hostname", "domainname"]) == "hostname")
    }

    @Test func aWordTooFarFromEveryCandidateGetsNone() {
        #expect(Suggestion.nearest(to: "verbose", in: ["strict", "format", "color"]) == nil)
        #expect(Suggestion.nearest(to: "x", in: ["y"]) == nil)  // one edit, but the whole word
        #expect(Suggestion.nearest(to: "anything", in: []) == nil)
    }

    @Test func longerWordsAllowMoreEdits() {
        // Up to a third of the typed word's length: two edits for seven letters, one for four.
        #expect(Suggestion.nearest(to: "namspce", in: ["namespace"]) == "namespace")
        #expect(Suggestion.nearest(to: "fmat", in: ["format"]) == nil)
    }
}
