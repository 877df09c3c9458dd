import Glibc
import Testing
@testable import Spec

/// Input built to make lint slow, large or wrong costs what its size costs. The tests of time run in a process
/// of their own (an exit test) that SIGALRM ends after a limit far above what the work takes now, and far below
/// what it took before: each input is sized so that the old quadratic path would need minutes.
@Suite struct HostileLintTests {
    static func lint(_ text: String, file: String = "t.yaml") -> LoadResult {
        Linter.lint(bytes: Array(text.utf8), file: file, baseDirectory: "/")
    }

    /// Every range overlapping every other: 3,000 ranges made 4.5 million pairs, each a diagnostic, for ever.
    @Test func overlappingMappingsAreNotComparedPairByPair() async {
        await #expect(processExitsWith: .success) {
            alarm(20)
            let text = "process:\n  args: [/bin/true]\nlinux:\n  namespaces: [user]\n  uidMappings:\n"
                + String(repeating: "  - {containerID: 0, hostID: 1000, size: 10}\n", count: 3000)
            let result = HostileLintTests.lint(text)
            let overlaps = result.diagnostics.filter { $0.ruleID == "mapping-overlap" }
            precondition(overlaps.count == Linter.maxPerRule + 1, "\(overlaps.count)")
        }
    }

    @Test func aRuleShowsAtMostTwentyAndSaysHowManyMore() throws {
        let text = "process:\n  args: [/bin/true]\n  env: [" + Array(repeating: "BAD", count: 500).joined(separator: ", ") + "]\n"
        let found = Self.lint(text).diagnostics.filter { $0.ruleID == "env-malformed" }
        #expect(found.count == Linter.maxPerRule + 1)
        let last = try #require(found.last)
        #expect(last.message == "480 more problems of this rule from here on, not shown: a file shows at most 20 of each rule")
        #expect(last.position == found[Linter.maxPerRule - 1].position.advanced(columns: 5))
    }

    /// Diagnostics of a rule silenced on some lines are counted after the silencing.
    @Test func theCapCountsWhatIsLeftAfterDirectives() {
        var text = "process:\n  args: [/bin/true]\n  env:\n"
        for i in 0..<30 { text += "    - BAD\(i)" + (i < 15 ? " # mydocker-lint disable=env-malformed" : "") + "\n" }
        #expect(Self.lint(text).diagnostics.filter { $0.ruleID == "env-malformed" }.count == 15)
    }

    /// A value of 100,000 characters quoted in a message is shortened: output grows with the number of
    /// problems, not with the length of what they quote.
    @Test func longValuesAreShortenedInMessages() throws {
        let long = String(repeating: "x", count: 100_000)
        let result = Self.lint("process:\n  args: [/bin/true]\n  env: [\(long)]\n  cwd: \(long)\n")
        #expect(result.diagnostics.count == 2)
        for d in result.diagnostics { #expect(d.message.count < 300, "\(d.message.count)") }
        let output = DiagnosticText.render(result, color: false)
        #expect(output.utf8.count < 1000)
        #expect(result.diagnostics[0].message.contains("`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`"))
    }

    /// 200,000 diagnostics on one line of 200,000 bytes: the text renderer finds the line once and never decodes
    /// a line too long to show (it decoded the whole line again for each diagnostic).
    @Test func manyDiagnosticsOnALongLineRenderInLinearTime() async {
        await #expect(processExitsWith: .success) {
            alarm(20)
            let source = Array(("a: [" + String(repeating: "x, ", count: 66_666) + "]\n").utf8)
            let diagnostics = (0..<200_000).map { i in
                Diagnostic(file: "t.yaml", position: SourcePosition(line: 1, column: 5 + i), severity: .error, message: "m", ruleID: "type")
            }
            let out = DiagnosticText.render(LoadResult(spec: nil, diagnostics: diagnostics, source: source), color: false)
            precondition(out.utf8.count < 200_000 * 40)
        }
    }

    /// A directive is only ever read from a comment: text in a quoted string that looks like one silences
    /// nothing, even when the string is never closed and the file does not parse.
    @Test(arguments: [
        "process:\n  args: [/bin/true]\n  cwd: \"/ # mydocker-lint disable-file=yaml-syntax\nfoo: [\n",
        "process:\n  args: [/bin/true]\n  cwd: '/ # mydocker-lint disable-file=yaml-syntax'\nfoo: [\n",
        "process:\n  args: [/bin/true]\n  cwd: |\n    # mydocker-lint disable-file=yaml-syntax\nfoo: [\n",
    ])
    func textInAStringIsNeverADirective(text: String) {
        #expect(Self.lint(text).diagnostics.map(\.ruleID) == ["yaml-syntax"])
    }

    @Test func aRealCommentStillSilencesBeforeTheError() {
        let text = "# mydocker-lint disable-file=cwd-relative\nprocess:\n  args: [/bin/true]\n  cwd: rel # mydocker-lint disable=nothing-such\n"
        #expect(Self.lint(text).diagnostics.map(\.ruleID) == ["unknown-lint-rule"])
    }

    /// Lines broken by CR alone, NEL or LS are numbered as libyaml numbers them, in diagnostics, in the source
    /// line shown under them and in directives.
    @Test(arguments: ["\r", "\u{85}", "\u{2028}"])
    func linesBrokenAsLibyamlBreaksThem(lineBreak: String) {
        let text = ["process:", "  args: [/bin/true]", "  cwd: rel", "  # mydocker-lint disable=env-malformed", "  env: [BAD]", ""].joined(separator: lineBreak)
        let result = Self.lint(text)
        #expect(DiagnosticText.render(result, color: false)
            == "t.yaml:3:8: error: `process.cwd` `rel` must be an absolute path inside the container [cwd-relative]\n  cwd: rel\n       ^\n")
    }
}

extension SourcePosition {
    func advanced(columns: Int) -> SourcePosition { SourcePosition(line: line, column: column + columns) }
}
