/// How diagnostics are printed: compiler-style text with the source line and a caret, JSON, SARIF 2.1.0,
/// and GitHub Actions workflow commands.
public enum DiagnosticText {
    /// `FILE:LINE:COL: error|warning: MESSAGE [rule-id]`, then the source line and a caret under the column.
    /// Colour only when `color` (callers decide: a terminal and no NO_COLOR).
    public static func render(_ result: LoadResult, color: Bool) -> String {
        var out = ""
        let lines = SourceLines(result.source)
        for d in result.diagnostics {
            render(d, line: lines.line(d.line), color: color, into: &out)
        }
        return out
    }

    static func render(_ d: Diagnostic, line: String?, color: Bool, into out: inout String) {
        let style = Style(enabled: color)
        let severity = d.severity == .error ? style.red(d.severity.rawValue) : style.yellow(d.severity.rawValue)
        out += style.bold("\(d.file):\(d.line):\(d.column):") + " " + severity + ": " + style.bold(d.message) + " " + style.dim("[\(d.ruleID)]") + "\n"
        // Lines too long to show usefully (minified JSON, a binary file) are left out.
        guard let raw = line, raw.unicodeScalars.count <= 500 else { return }
        // Control characters (from binary input) would drive the terminal: show them as U+FFFD.
        var line = ""
        for u in raw.unicodeScalars {
            line.unicodeScalars.append((u.value < 0x20 && u != "\t") || u.value == 0x7F ? "\u{FFFD}" : u)
        }
        out += line + "\n"
        var caret = ""
        var column = 1
        for u in line.unicodeScalars {
            if column >= d.column { break }
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
            .object([
                ("file", .string(d.file)),
                ("line", .int(Int64(d.line))),
                ("column", .int(Int64(d.column))),
                ("severity", .string(d.severity.rawValue)),
                ("rule", .string(d.ruleID)),
                ("message", .string(d.message)),
            ])
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
            members += [
                ("level", .string(d.severity.rawValue)),
                ("message", .object([("text", .string(d.message))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(uri(d.file)))])),
                        ("region", .object([("startLine", .int(Int64(d.line))), ("startColumn", .int(Int64(d.column)))])),
                    ])),
                ])])),
            ]
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

    /// GitHub Actions annotations: `::error file=F,line=L,col=C::MESSAGE [rule]` (and `::warning …`).
    public static func github(_ results: [LoadResult]) -> String {
        var out = ""
        for d in results.flatMap(\.diagnostics) {
            out += "::\(d.severity.rawValue) file=\(escapeProperty(d.file)),line=\(d.line),col=\(d.column)::\(escapeData(d.message + " [" + d.ruleID + "]"))\n"
        }
        return out
    }

    static func escapeData(_ s: String) -> String {
        s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
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
}

/// The lines of a source text, found once (1-based), without their line break.
struct SourceLines {
    let bytes: [UInt8]
    var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    }

    func line(_ n: Int) -> String? {
        guard n >= 1, n <= starts.count, !bytes.isEmpty else { return nil }
        let start = starts[n - 1]
        var end = n < starts.count ? starts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        if start >= bytes.count, n > 1 { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
