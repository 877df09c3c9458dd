import Spec
import Testing

/// The hints read from a spec's text before it is parsed: a word that is absent is a key that is absent.
struct SpecHintTests {
    @Test(arguments: [
        ("hooks", "{\"hooks\": {}}", true),
        ("hooks", "process:\n  args: [hooks]\n", true),  // a value: a hint, the parsed spec decides
        ("hooks", "{\"hook\": 1, \"ooks\": 2}", false),
        ("hooks", "hook", false),
        ("hooks", "", false),
        ("network", "linux:\n  namespaces: [network]\n", true),
        ("network", "networ", false),
        ("network", "nnetworkk", true),
        ("", "anything", true),
    ])
    func aWordIsFoundWhereverItOccurs(word: String, text: String, found: Bool) {
        #expect(SpecHint.mentions(word, in: Array(text.utf8)) == found)
    }
}
