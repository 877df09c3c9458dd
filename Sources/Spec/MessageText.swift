/// Keeps messages short whatever the spec holds: a value quoted in a message (between backquotes or double
/// quotes) longer than ``maxQuoted`` characters keeps its start and end around an ellipsis, and a message stays
/// under ``maxMessage`` characters in all.
enum MessageText {
    static let maxQuoted = 80
    static let maxMessage = 1000

    static func bounded(_ message: String) -> String {
        // Nearly every message is short: nothing to look at.
        if message.utf8.count <= maxQuoted { return message }
        let scalars = Array(message.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var changed = false
        while i < scalars.count {
            let u = scalars[i]
            guard u == "`" || u == "\"", let close = scalars[(i + 1)...].firstIndex(of: u) else {
                out.append(u)
                i += 1
                continue
            }
            let inside = close - i - 1
            if inside > maxQuoted {
                let keep = maxQuoted / 2 - 1
                out.append(contentsOf: scalars[i...(i + keep)])
                out.append(contentsOf: "…".unicodeScalars)
                out.append(contentsOf: scalars[(close - keep)...close])
                changed = true
            } else {
                out.append(contentsOf: scalars[i...close])
            }
            i = close + 1
        }
        if out.count > maxMessage {
            out = String.UnicodeScalarView(out.prefix(maxMessage - 1))
            out.append("…")
            changed = true
        }
        return changed ? String(out) : message
    }
}
