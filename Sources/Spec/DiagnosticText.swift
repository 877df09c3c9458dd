import YAML

/// How diagnostics are printed: compiler-style text with the source line and a caret, JSON, SARIF 2.1.0,
/// and GitHub Actions workflow commands.
public enum DiagnosticText {
    /// `FILE:LINE:COL: error|warning: MESSAGE [rule-id]`, then the source line and a caret under the column, and
    /// any notes the same way (`FILE:LINE:COL: note: …`). Colour only when `color` (callers decide: a terminal
    /// and no NO_COLOR). Control characters from the spec or its name are shown escaped, never sent to the
    /// terminal; each diagnostic costs a bounded amount of work, however long its line is.
    public static func render(_ result: LoadResult, color: Bool) -> String {
        guard !result.diagnostics.isEmpty else { return "" }
        var out = ""
        let lines = LineTable(result.source)
        for d in result.diagnostics {
            render(d, lines: lines, color: color, into: &out)
        }
        return out
    }

    static func render(_ d: Diagnostic, lines: LineTable, color: Bool, into out: inout String) {
        let style = Style(enabled: color)
        let file = DisplayText.escaped(d.file)
        let severity = d.severity == .error ? style.red(d.severity.rawValue) : style.yellow(d.severity.rawValue)
        out += style.bold("\(file):\(d.line):\(d.column):") + " " + severity + ": " + style.bold(DisplayText.escaped(d.message)) + " " + style.dim("[\(d.ruleID)]") + "\n"
        sourceLine(d.position, lines: lines, style: style, into: &out)
        for note in d.notes {
            out += style.bold("\(file):\(note.position.line):\(note.position.column):") + " " + style.cyan("note") + ": " + DisplayText.escaped(note.message) + "\n"
            sourceLine(note.position, lines: lines, style: style, into: &out)
        }
    }

    /// The longest line shown under a diagnostic, in characters; longer ones (minified JSON, a binary file) are
    /// left out. Checked on the line's bytes first, so that a very long line is never decoded.
    static let maxShownLine = 500

    /// The source line of a position and a caret under its column; nothing for a line that is empty, missing
    /// or too long to show usefully.
    static func sourceLine(_ position: SourcePosition, lines: LineTable, style: Style, into out: inout String) {
        guard let range = lines.lineRange(position.line), !range.isEmpty, range.count <= 4 * maxShownLine else { return }
        let raw = String(decoding: lines.bytes[range], as: UTF8.self)
        guard raw.unicodeScalars.count <= maxShownLine else { return }
        // Control characters (from binary input) would drive the terminal: shown as U+FFFD, one column each.
        let line = DisplayText.sourceLine(raw)
        out += line + "\n"
        var caret = ""
        var column = 1
        for u in line.unicodeScalars {
            if column >= position.column { break }
            caret += u == "\t" ? "\t" : " "
            column += 1
        }
        out += caret + style.green("^") + "\n"
    }

    /// `2 errors, 1 warning in 3 files`.
    public static func summary(errors: Int, warnings: Int, files: Int) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(errors, "error")), \(count(warnings, "warning")) in \(count(files, "file"))"
    }

    /// A JSON array of every diagnostic: file, line, column, severity, rule, message.
    public static func json(_ results: [LoadResult]) -> String {
        let items: [JSONValue] = results.flatMap(\.diagnostics).map { d in
            var members: [(String, JSONValue)] = [
                ("file", .string(d.file)),
                ("line", .int(Int64(d.line))),
                ("column", .int(Int64(d.column))),
                ("severity", .string(d.severity.rawValue)),
                ("rule", .string(d.ruleID)),
                ("message", .string(d.message)),
            ]
            if !d.notes.isEmpty {
                members.append(("notes", .array(d.notes.map { note in
                    .object([
                        ("line", .int(Int64(note.position.line))),
                        ("column", .int(Int64(note.position.column))),
                        ("message", .string(note.message)),
                    ])
                })))
            }
            return .object(members)
        }
        return JSONValue.array(items).rendered() + "\n"
    }

    /// SARIF 2.1.0, one run of the tool "mydocker" with every rule and one result per diagnostic.
    public static func sarif(_ results: [LoadResult]) -> String {
        let ids = LintRuleID.allCases
        let rules: [JSONValue] = ids.map { rule in
            .object([
                ("id", .string(rule.rawValue)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("defaultConfiguration", .object([("level", .string(rule.severity.rawValue))])),
            ])
        }
        let found: [JSONValue] = results.flatMap(\.diagnostics).map { d in
            var members: [(String, JSONValue)] = [("ruleId", .string(d.ruleID))]
            if let index = ids.firstIndex(where: { $0.rawValue == d.ruleID }) {
                members.append(("ruleIndex", .int(Int64(index))))
            }
            func location(_ position: SourcePosition) -> JSONValue {
                .object([
                    ("artifactLocation", .object([("uri", .string(uri(d.file)))])),
                    ("region", .object([("startLine", .int(Int64(position.line))), ("startColumn", .int(Int64(position.column)))])),
                ])
            }
            members += [
                ("level", .string(d.severity.rawValue)),
                ("message", .object([("text", .string(d.message))])),
                ("locations", .array([.object([("physicalLocation", location(d.position))])])),
            ]
            if !d.notes.isEmpty {
                members.append(("relatedLocations", .array(d.notes.enumerated().map { i, note in
                    .object([
                        ("id", .int(Int64(i))),
                        ("physicalLocation", location(note.position)),
                        ("message", .object([("text", .string(note.message))])),
                    ])
                })))
            }
            return .object(members)
        }
        let log = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("mydocker")),
                    ("informationUri", .string("https://github.com/opencontainers/runtime-spec/blob/main/config.md")),
                    ("rules", .array(rules)),
                ]))])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(found)),
            ])])),
        ])
        return log.rendered() + "\n"
    }

    /// GitHub Actions annotations: `::error file=F,line=L,col=C::MESSAGE [rule]` (and `::warning …`); a note
    /// follows the message in parentheses.
    public static func github(_ results: [LoadResult]) -> String {
        var out = ""
        for d in results.flatMap(\.diagnostics) {
            var message = d.message
            for note in d.notes { message += " (note at \(note.position.line):\(note.position.column): \(note.message))" }
            out += "::\(d.severity.rawValue) file=\(escapeProperty(d.file)),line=\(d.line),col=\(d.column)::\(escapeData(message + " [" + d.ruleID + "]"))\n"
        }
        return out
    }

    /// The runner decodes %25, %0D and %0A in a message; every other control character would reach the log
    /// (which shows ANSI escapes as colour) raw, so it is written out visibly (`\x1B`), as in text output.
    static func escapeData(_ s: String) -> String {
        DisplayText.escaped(s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A"))
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    /// A relative URI reference for a path: unreserved characters and `/` kept, the rest percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}

/// ANSI colours, or plain text when disabled.
struct Style {
    var enabled: Bool

    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "1;31") }
    func yellow(_ s: String) -> String { wrap(s, "1;33") }
    func green(_ s: String) -> String { wrap(s, "1;32") }
    func cyan(_ s: String) -> String { wrap(s, "1;36") }
}
