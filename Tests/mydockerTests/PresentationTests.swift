import Testing
@testable import mydocker

/// What the CLI prints: ages in `ps`.
@Suite struct PresentationTests {
    @Test func ages() {
        #expect(Age.text(seconds: 0) == "0s")
        #expect(Age.text(seconds: 59) == "59s")
        #expect(Age.text(seconds: 61) == "1m")
        #expect(Age.text(seconds: 2 * 3600 + 5) == "2h")
        #expect(Age.text(seconds: 3 * 86400) == "3d")
        #expect(Age.text(seconds: -4) == "0s")
    }
}
