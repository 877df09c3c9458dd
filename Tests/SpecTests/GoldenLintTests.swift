import Testing
@testable import Spec

/// actionlint-style goldens: each `Fixtures/err/NAME.yaml` beside `NAME.out` with the exact text output
/// (no colour), and every spec in `Fixtures/ok/` lints clean.
@Suite struct GoldenLintTests {
    @Test(arguments: Fixtures.specs(in: "err"))
    func badSpecGivesExactlyTheExpectedOutput(name: String) {
        let path = "err/" + name
        let output = DiagnosticText.render(Fixtures.lint(path), color: false)
        let golden = Fixtures.golden(for: path, extension: "out")
        if Fixtures.updating {
            Fixtures.write(output, to: golden)
            Issue.record("rewrote \(golden)")
            return
        }
        #expect(!output.isEmpty)
        #expect(output == Fixtures.text(golden))
    }

    @Test(arguments: Fixtures.specs(in: "ok"))
    func goodSpecLintsClean(name: String) {
        let result = Fixtures.lint("ok/" + name)
        #expect(result.diagnostics == [])
        #expect(result.spec != nil)
    }

    /// Every rule has a golden that shows it, except the two that need a file system situation (tested in
    /// LinterTests) and the one the Seccomp module finds with libseccomp (tested in SeccompTests).
    @Test func everyRuleAppearsInAGolden() {
        var seen = Set<String>()
        for name in Fixtures.specs(in: "err") {
            for d in Fixtures.lint("err/" + name).diagnostics { seen.insert(d.ruleID) }
        }
        let expected = Set(LintRuleID.allCases.map(\.rawValue)).subtracting(["unreadable-file", "input-too-large", "seccomp-unknown-syscall"])
        #expect(expected.subtracting(seen).sorted() == [])
    }
}

/// The four output formats, byte for byte, on one fixture.
@Suite struct FormatGoldenTests {
    static let input = "format/input.yaml"

    static func check(_ output: String, _ ext: String) {
        let golden = Fixtures.golden(for: input, extension: ext)
        if Fixtures.updating {
            Fixtures.write(output, to: golden)
            Issue.record("rewrote \(golden)")
            return
        }
        #expect(output == Fixtures.text(golden))
    }

    @Test func text() { Self.check(DiagnosticText.render(Fixtures.lint(Self.input), color: false), "txt") }
    @Test func json() { Self.check(DiagnosticText.json([Fixtures.lint(Self.input)]), "json") }
    @Test func sarif() { Self.check(DiagnosticText.sarif([Fixtures.lint(Self.input)]), "sarif") }
    @Test func github() { Self.check(DiagnosticText.github([Fixtures.lint(Self.input)]), "github") }

    @Test func colourWrapsLocationSeverityMessageRuleAndCaret() {
        let d = Diagnostic(file: "a.yaml", position: SourcePosition(line: 1, column: 4), severity: .warning, message: "m", ruleID: "r")
        let out = DiagnosticText.render(LoadResult(spec: nil, diagnostics: [d], source: Array("x:\ty\n".utf8)), color: true)
        let esc = "\u{1B}["
        #expect(out == "\(esc)1ma.yaml:1:4:\(esc)0m \(esc)1;33mwarning\(esc)0m: \(esc)1mm\(esc)0m \(esc)2m[r]\(esc)0m\nx:\ty\n  \t\(esc)1;32m^\(esc)0m\n")
    }
}
