import DidYouMean
import YAML

/// `# mydocker-lint disable=RULE-ID[,RULE-ID]` (the next line, or its own line when it trails code) and
/// `# mydocker-lint disable-file=RULE-ID` (the whole file). Directives come only from real comments, as libyaml's
/// scanner separates them from its tokens (``YAMLComments``): text inside a quoted or block scalar, or after the
/// point where the text stops being YAML, is never one. Linear in the text, however its `#`s are placed.
struct LintDirectives {
    var fileWide: Set<String> = []
    /// Line → rule ids silenced for diagnostics on that line.
    var lines: [Int: Set<String>] = [:]
    /// Problems in the comments themselves (unknown rule ids or directives).
    var diagnostics: [Diagnostic] = []

    static let marker = Array("mydocker-lint".utf8)

    init() {}

    init(source: [UInt8], file: String) {
        guard LintDirectives.contains(source, LintDirectives.marker) else { return }
        for comment in YAMLComments.find(in: source) {
            guard let rules = parse(comment, source: source, file: file) else { continue }
            if comment.followsCode {
                lines[comment.mark.line, default: []].formUnion(rules)
            } else if let target = comment.nextCodeLine {
                lines[target, default: []].formUnion(rules)
            }
        }
    }

    func silences(_ d: Diagnostic) -> Bool {
        fileWide.contains(d.ruleID) || lines[d.line]?.contains(d.ruleID) == true
    }

    /// Parses `# mydocker-lint …`; returns the rules silenced on the target line (disable=), nil when the
    /// comment is not a directive. disable-file= rules go to `fileWide`.
    private mutating func parse(_ comment: YAMLComment, source: [UInt8], file: String) -> Set<String>? {
        let text = source[comment.text]
        var i = text.startIndex
        // Column of byte i: the comment's `#` plus the characters after it, counted as i moves forward.
        var column = comment.mark.column + 1
        func advance(to end: Int) {
            while i < end {
                if source[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
        }
        while i < text.endIndex, LintDirectives.isSpace(text[i]) { advance(to: i + 1) }
        guard text[i...].starts(with: LintDirectives.marker) else { return nil }
        advance(to: i + LintDirectives.marker.count)
        guard i == text.endIndex || LintDirectives.isSpace(text[i]) else { return nil }
        var nextLine: Set<String> = []
        let line = comment.mark.line
        while i < text.endIndex {
            while i < text.endIndex, LintDirectives.isSpace(text[i]) { advance(to: i + 1) }
            guard i < text.endIndex else { break }
            var end = i
            while end < text.endIndex, !LintDirectives.isSpace(text[end]) { end += 1 }
            let word = text[i..<end]
            // "-- reason" ends the directive.
            if word.elementsEqual("--".utf8) { break }
            let wordColumn = column
            if let eq = word.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(decoding: word[word.startIndex..<eq], as: UTF8.self)
                if name == "disable" || name == "disable-file" {
                    advance(to: eq + 1)
                    for id in word[(eq + 1)...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                        let idColumn = column
                        advance(to: min(id.endIndex + 1, end))
                        let text = String(decoding: id, as: UTF8.self)
                        guard LintRuleID(rawValue: text) != nil else {
                            var message = "unknown rule `\(text)` in a mydocker-lint comment"
                            if let near = Suggestion.nearest(to: text, in: LintRuleID.allCases.map(\.rawValue)) {
                                message += "; did you mean `\(near)`?"
                            }
                            warn(file, line, idColumn, message)
                            continue
                        }
                        if name == "disable" { nextLine.insert(text) } else { fileWide.insert(text) }
                    }
                    advance(to: end)
                    continue
                }
            }
            warn(file, line, wordColumn, "unknown mydocker-lint directive `\(String(decoding: word, as: UTF8.self))`: write disable=RULE-ID or disable-file=RULE-ID")
            advance(to: end)
        }
        return nextLine
    }

    private mutating func warn(_ file: String, _ line: Int, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, position: SourcePosition(line: line, column: column), severity: .warning,
                                      message: message, ruleID: LintRuleID.unknownLintRule.rawValue))
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
