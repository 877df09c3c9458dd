import YAML

/// A command written as one string where a list of words belongs (`args: /bin/sh -c 'echo hi'`): the words a
/// shell would split it into, and the list to write instead, in the spec's own syntax. mydocker runs no shell
/// to split a string, so the fix is shown rather than guessed at run time.
enum CommandWords {
    /// The words of `command` by the shell's quoting rules: blanks separate words, '…' keeps everything,
    /// "…" keeps everything but backslash escapes, a backslash outside quotes keeps the next character.
    static func split(_ command: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in command {
            if escaped {
                word.append(c)
                escaped = false
                continue
            }
            switch (quote, c) {
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case (nil, "'"), (nil, "\""):
                quote = c
                inWord = true
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
                inWord = true
            case (let q?, _) where c == q:
                quote = nil
            default:
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// `[/bin/sh, -c, "echo hi"]` in YAML, `["/bin/sh", "-c", "echo hi"]` in JSON.
    static func flowList(_ words: [String], syntax: SpecSyntax) -> String {
        "[" + words.map { syntax == .yaml && isPlainSafe($0) ? $0 : quoted($0) }.joined(separator: ", ") + "]"
    }

    /// A word that reads back as the same string when written plain in a flow list.
    static func isPlainSafe(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, !"-?:,[]{}#&*!|>'\"%@`~".unicodeScalars.contains(first) || (first == "-" && word.count > 1) else {
            return false
        }
        let allowed = word.unicodeScalars.allSatisfy { u in
            (u.value > 0x20 && u.value < 0x7F) && !",[]{}#\"'".unicodeScalars.contains(u)
        }
        guard allowed, !word.contains(": "), !word.hasSuffix(":") else { return false }
        // A word the core schema reads as something else (`1`, `true`, `null`) stays a string only quoted.
        if case .string = Scalar(word).resolved(tag: nil) { return true }
        return false
    }

    static func quoted(_ word: String) -> String {
        var out = "\""
        for u in word.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
