/// "Did you mean …": the nearest candidate by edit distance, when it is near enough to be a likely typo.
/// Shared by the spec loader and linter (keys, rule ids) and the argument parser (option names).
public enum Suggestion {
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        let allowed = max(1, w.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let lowered = Array(c.lowercased().unicodeScalars)
            // The distance is at least the difference in length: a candidate too much shorter or longer is passed
            // over unmeasured, so that a long word costs its length, not its length times each candidate's.
            if abs(lowered.count - w.count) > allowed { continue }
            let d = distance(w, lowered)
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let (candidate, d) = best, d <= allowed, d < w.count else { return nil }
        return candidate
    }

    /// Levenshtein distance, with an adjacent swap counting as one edit.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
