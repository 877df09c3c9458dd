import DidYouMean
import YAML

/// `# mydocker-lint disable=RULE-ID[,RULE-ID]` (the next line, or its own line when it trails code) and
/// `# mydocker-lint disable-file=RULE-ID` (the whole file). libyaml drops comments, so the lines are scanned here,
/// skipping `#` inside quoted and block scalars (their spans come from the parsed tree when there is one).
struct LintDirectives {
    var fileWide: Set<String> = []
    /// Line → rule ids silenced for diagnostics on that line.
    var lines: [Int: Set<String>] = [:]
    /// Problems in the comments themselves (unknown rule ids or directives).
    var diagnostics: [Diagnostic] = []

    static let marker = Array("mydocker-lint".utf8)

    init() {}

    init(source: [UInt8], file: String, root: Node?) {
        guard LintDirectives.contains(source, LintDirectives.marker) else { return }
        let spans = root.map(LintDirectives.scalarSpans) ?? []
        var pendingTargets: [Set<String>] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= source.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < source.count, source[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = source[lineStart..<lineEnd]
            let comment = LintDirectives.commentStart(line, lineNumber: lineNumber, spans: spans, source: source)
            let codeBefore = comment.map { line[line.startIndex..<$0].contains { !LintDirectives.isSpace($0) } }
                ?? line.contains { !LintDirectives.isSpace($0) }
            if let comment, let rules = parse(line[comment...], line: lineNumber, lineStart: line.startIndex, source: source, file: file) {
                if codeBefore {
                    lines[lineNumber, default: []].formUnion(rules)
                } else {
                    pendingTargets.append(rules)
                }
            }
            if codeBefore {
                // The first line with content after standalone directives is the one they silence.
                for rules in pendingTargets { lines[lineNumber, default: []].formUnion(rules) }
                pendingTargets.removeAll()
            }
            lineStart = lineEnd + 1
        }
    }

    func silences(_ d: Diagnostic) -> Bool {
        fileWide.contains(d.ruleID) || lines[d.line]?.contains(d.ruleID) == true
    }

    /// Parses `# mydocker-lint …`; returns the rules silenced on the target line (disable=), nil when the
    /// comment is not a directive. disable-file= rules go to `fileWide`.
    private mutating func parse(_ comment: ArraySlice<UInt8>, line: Int, lineStart: Int, source: [UInt8], file: String) -> Set<String>? {
        var i = comment.startIndex + 1  // past "#"
        while i < comment.endIndex, LintDirectives.isSpace(comment[i]) { i += 1 }
        guard comment[i...].starts(with: LintDirectives.marker) else { return nil }
        i += LintDirectives.marker.count
        guard i == comment.endIndex || LintDirectives.isSpace(comment[i]) else { return nil }
        var nextLine: Set<String> = []
        while i < comment.endIndex {
            while i < comment.endIndex, LintDirectives.isSpace(comment[i]) { i += 1 }
            guard i < comment.endIndex else { break }
            var end = i
            while end < comment.endIndex, !LintDirectives.isSpace(comment[end]) { end += 1 }
            let word = comment[i..<end]
            // "-- reason" ends the directive.
            if word.elementsEqual("--".utf8) { break }
            let column = LintDirectives.column(of: i, lineStart: lineStart, in: source)
            if let eq = word.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(decoding: word[word.startIndex..<eq], as: UTF8.self)
                if name == "disable" || name == "disable-file" {
                    var idStart = eq + 1
                    for id in word[(eq + 1)...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                        let text = String(decoding: id, as: UTF8.self)
                        let idColumn = LintDirectives.column(of: idStart, lineStart: lineStart, in: source)
                        idStart += id.count + 1
                        if LintRuleID(rawValue: text) == nil {
                            var message = "unknown rule `\(text)` in a mydocker-lint comment"
                            if let near = Suggestion.nearest(to: text, in: LintRuleID.allCases.map(\.rawValue)) {
                                message += "; did you mean `\(near)`?"
                            }
                            warn(file, line, idColumn, message)
                            continue
                        }
                        if name == "disable" { nextLine.insert(text) } else { fileWide.insert(text) }
                    }
                    i = end
                    continue
                }
            }
            warn(file, line, column, "unknown mydocker-lint directive `\(String(decoding: word, as: UTF8.self))`: write disable=RULE-ID or disable-file=RULE-ID")
            i = end
        }
        return nextLine
    }

    private mutating func warn(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, position: SourcePosition(line: line, column: column), severity: .warning,
                                      message: message, ruleID: LintRuleID.unknownLintRule.rawValue))
    }

    /// Where the line's comment starts: a `#` at the start or after a blank, outside every quoted or block scalar.
    private static func commentStart(_ line: ArraySlice<UInt8>, lineNumber: Int, spans: [(Mark, Mark)], source: [UInt8]) -> Int? {
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == UInt8(ascii: "#"), i == line.startIndex || isSpace(line[i - 1]) {
                let mark = Mark(line: lineNumber, column: column(of: i, lineStart: line.startIndex, in: source))
                if !spans.contains(where: { $0.0 <= mark && mark < $0.1 }) { return i }
            }
            i += 1
        }
        return nil
    }

    /// Start and end of every scalar that can hold a `#` that is not a comment (quoted, literal, folded).
    static func scalarSpans(_ root: Node) -> [(Mark, Mark)] {
        var spans: [(Mark, Mark)] = []
        var stack = [root]
        while let node = stack.popLast() {
            if node.alias != nil { continue }
            switch node.content {
            case .scalar(let s) where !s.isPlain: spans.append((node.start, node.end))
            case .scalar: break
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let pairs):
                for p in pairs { stack.append(p.key); stack.append(p.value) }
            }
        }
        return spans
    }

    /// 1-based column of byte `index` in the line starting at `lineStart`, counting Unicode scalars.
    static func column(of index: Int, lineStart: Int, in bytes: [UInt8]) -> Int {
        var column = 1
        var i = lineStart
        while i < index {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
