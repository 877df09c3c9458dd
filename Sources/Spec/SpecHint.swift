/// What a spec's text says before it is parsed: cheap hints that let a command start or skip work a spec may need
/// (the zygote's network namespace, the OCI commands' hooks). Only ever a hint: a word that is absent is a key that
/// is absent; a word that is present may be in a comment or a value, and the parsed spec decides.
public enum SpecHint {
    /// Whether `word` occurs in `text`.
    public static func mentions(_ word: String, in text: [UInt8]) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first, text.count >= needle.count else { return needle.isEmpty }
        return text.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                var i = 0
                let last = haystack.count - needle.count
                while i <= last {
                    if haystack[i] == first {
                        var j = 1
                        while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                        if j == needle.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
