import Seccomp
import Spec

/// One input through the whole lint path, as `mydocker lint` takes it: read as YAML or JSON, decoded, every rule
/// (the Seccomp module's too), directives, then the four output formats. The input's invariants are checked
/// after, and a broken one ends the process (for libFuzzer, a crash to keep):
/// - no output format writes a control character of the input raw (``DisplayText/isUnsafe(_:)``; tabs and line
///   breaks are the output's own), and colour adds only its own sequences;
/// - diagnostics come sorted by position, on lines the text has, each message at most 1000 characters;
/// - no rule shows more than ``Linter/maxPerRule`` diagnostics and one that counts the rest.
enum LintFuzz {
    /// Relative paths in fuzzed specs resolve here: a folder that does not exist, so that they name nothing.
    static let baseDirectory = "/nonexistent/mydocker-lint-fuzz"

    static func run(_ bytes: [UInt8]) {
        for name in ["fuzz.yaml", "fuzz.json"] {
            let result = Linter.lint(bytes: bytes, file: name, baseDirectory: baseDirectory, external: SeccompLint.findings)
            // Every line break is a byte at least; the end of the stream may stand on the line after the last.
            check(result, lines: bytes.count + 2)
            let plain = DiagnosticText.render(result, color: false)
            for output in [plain, DiagnosticText.json([result]), DiagnosticText.sarif([result]), DiagnosticText.github([result])] {
                // Line breaks end lines, and a tab in the source line under a diagnostic keeps the caret in place.
                if let u = output.unicodeScalars.first(where: { $0 != "\n" && $0 != "\t" && DisplayText.isUnsafe($0) }) {
                    fail("raw U+\(String(u.value, radix: 16)) in output")
                }
            }
            // Colour adds our escape sequences and nothing else.
            if withoutColours(DiagnosticText.render(result, color: true)) != plain { fail("colour output differs from plain") }
        }
    }

    /// Text without the colour sequences `--color always` adds (ESC [ digits and semicolons m).
    static func withoutColours(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, scalars[j] == ";" || ("0"..."9").contains(scalars[j]) { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    i = j + 1
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    static func check(_ result: LoadResult, lines: Int) {
        var perRule: [String: Int] = [:]
        var previous = SourcePosition(line: 0, column: 0)
        for d in result.diagnostics {
            if d.position < previous { fail("diagnostics out of order at \(d.line):\(d.column)") }
            previous = d.position
            if d.line < 1 || d.line > lines || d.column < 1 { fail("position \(d.line):\(d.column) outside the text") }
            if d.message.unicodeScalars.count > 1000 { fail("a message of \(d.message.unicodeScalars.count) characters") }
            perRule[d.ruleID, default: 0] += 1
        }
        if let (rule, count) = perRule.first(where: { $0.value > Linter.maxPerRule + 1 }) { fail("\(count) diagnostics of \(rule)") }
    }

    static func fail(_ why: String) -> Never {
        fatalError("lint fuzz invariant: \(why)")
    }
}
