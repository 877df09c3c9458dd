import Testing
@testable import Spec

/// Characters from a spec or its name that would drive a terminal (ESC, BEL, C1 controls such as CSI, line
/// separators, bidirectional overrides) never reach the output raw, in any format: each format escapes them
/// its own way.
@Suite struct ControlCharacterTests {
    /// `env: ["\e[31mRED\a\x9b"]` in a file whose name holds an ESC too.
    static let result = Linter.lint(bytes: Array("process:\n  args: [/bin/true]\n  env: [\"\\e[2J\\a\\x9b\\u2028\\u202e\"]\n".utf8),
                                    file: "e\u{1B}[31m.yaml", baseDirectory: "/")

    static func raw(_ s: String) -> [Unicode.Scalar] {
        s.unicodeScalars.filter { $0 != "\n" && DisplayText.isUnsafe($0) }
    }

    @Test func theDiagnosticKeepsTheValueAsItIs() {
        #expect(Self.result.diagnostics.map(\.message) == ["`process.env[0]` `\u{1B}[2J\u{07}\u{9B}\u{2028}\u{202E}` is not NAME=value"])
    }

    @Test func text() {
        let out = DiagnosticText.render(Self.result, color: false)
        #expect(Self.raw(out) == [])
        #expect(out.hasPrefix("e\\x1B[31m.yaml:3:9: error: `process.env[0]` `\\x1B[2J\\x07\\x9B\\u2028\\u202E` is not NAME=value [env-malformed]\n"))
    }

    @Test func json() {
        let out = DiagnosticText.json([Self.result])
        #expect(Self.raw(out) == [])
        #expect(out.contains("\"file\": \"e\\u001b[31m.yaml\""))
        #expect(out.contains("`\\u001b[2J\\u0007\\u009b\\u2028\\u202e` is not NAME=value"))
    }

    @Test func sarif() {
        let out = DiagnosticText.sarif([Self.result])
        #expect(Self.raw(out) == [])
        #expect(out.contains("`\\u001b[2J\\u0007\\u009b\\u2028\\u202e` is not NAME=value"))
        #expect(out.contains("\"uri\": \"e%1B%5B31m.yaml\""))
    }

    @Test func github() {
        let out = DiagnosticText.github([Self.result])
        #expect(Self.raw(out) == [])
        #expect(out == "::error file=e\\x1B[31m.yaml,line=3,col=9::`process.env[0]` `\\x1B[2J\\x07\\x9B\\u2028\\u202E` is not NAME=value [env-malformed]\n")
    }

    /// The source line under a diagnostic: each such character one U+FFFD, so that the caret still lines up.
    @Test func theSourceLineKeepsItsColumns() {
        let d = Diagnostic(file: "t", position: SourcePosition(line: 1, column: 4), severity: .error, message: "m", ruleID: "type")
        let out = DiagnosticText.render(LoadResult(spec: nil, diagnostics: [d], source: Array("a\u{9B}\u{1B}b\n".utf8)), color: false)
        #expect(out == "t:1:4: error: m [type]\na\u{FFFD}\u{FFFD}b\n   ^\n")
    }
}
