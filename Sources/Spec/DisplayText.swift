/// Text from a spec or its name made safe to print: control characters (C0, DEL, C1 such as ESC, BEL and CSI),
/// line and paragraph separators and bidirectional overrides would drive a terminal or reorder what it shows,
/// so they are written out visibly instead. The JSON formats escape the same characters as `\uXXXX` (``JSONValue``).
public enum DisplayText {
    /// Whether `u` is not to reach a terminal as it is.
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `s` with each unsafe character as an escape: `\t`, `\n`, `\r`, `\x1B` (up to U+00FF), `\u2028`.
    public static func escaped(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 >= 0xC2 }) else { return s }
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard isUnsafe(u) else {
                out.unicodeScalars.append(u)
                continue
            }
            switch u {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += u.value <= 0xFF
                    ? "\\x" + (hex.count == 1 ? "0" : "") + hex
                    : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
        return out
    }

    /// A source line to show under a diagnostic: each unsafe character but the tab becomes U+FFFD, which takes
    /// one column as the character did, so that the caret below still lines up.
    public static func sourceLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 != "\t" && isUnsafe($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u != "\t" && isUnsafe(u) ? "\u{FFFD}" : u) }
        return String(out)
    }
}
