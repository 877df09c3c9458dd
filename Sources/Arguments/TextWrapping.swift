extension String {
    /// The text broken at spaces into lines no longer than `columns` (a line breaks at the last space among
    /// the next `columns` characters, so only the last line can fill them all), each but the empty ones
    /// indented by `indent`, which counts toward `columns`. Line breaks in the text are kept; a word longer
    /// than a line stands alone on its line.
    func wrapped(to columns: Int, indent: Int = 0) -> String {
        let width = Swift.max(columns - indent, 1)
        var lines: [Substring] = []
        var rest = self[...]
        while true {
            let chunk = rest.prefix(width)
            if let lineBreak = chunk.lastIndex(of: "\n") {
                lines += rest[..<lineBreak].split(separator: "\n", omittingEmptySubsequences: false)
                rest = rest[rest.index(after: lineBreak)...]
            } else if chunk.endIndex == rest.endIndex {
                lines.append(rest)
                break
            } else if let space = chunk.lastIndex(of: " ") ?? rest.firstIndex(of: " ") {
                lines.append(rest[..<space])
                rest = rest[rest.index(after: space)...]
            } else {
                lines.append(rest)
                break
            }
        }
        let margin = String(repeating: " ", count: indent)
        return lines.map { $0.isEmpty ? "" : margin + $0 }.joined(separator: "\n")
    }
}
