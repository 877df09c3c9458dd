/// Keeps messages short whatever the spec holds: a value quoted in a message (between backquotes or double
/// quotes) longer than ``maxQuoted`` characters keeps its start and end around an ellipsis, and a message stays
/// under ``maxMessage`` characters in all.
enum MessageText {
    static let maxQuoted = 80
    static let maxMessage = 1000

    static func bounded(_ message: String) -> String {
        // Nearly every message is short, or quotes only short values: its bytes say so without decoding it.
        if message.utf8.count <= maxQuoted || (message.utf8.count <= maxMessage && !quotesALongValue(message)) { return message }
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

    /// Whether some run of bytes between two backquotes or two double quotes is longer than ``maxQuoted`` (a
    /// value of that many characters has at least that many bytes).
    static func quotesALongValue(_ message: String) -> Bool {
        var open: UInt8?
        var length = 0
        for b in message.utf8 {
            if let quote = open {
                if b == quote {
                    open = nil
                } else {
                    length += 1
                    if length > maxQuoted { return true }
                }
            } else if b == UInt8(ascii: "`") || b == UInt8(ascii: "\"") {
                open = b
                length = 0
            }
        }
        return false
    }
}
