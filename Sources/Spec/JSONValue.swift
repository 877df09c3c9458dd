/// A small JSON writer for the schema, `--format json`, SARIF, the plan, `ps` and `check`: keys keep their order, output is stable.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    /// For unsigned 64-bit numbers above Int64.max (the schema's uint64 bounds).
    case uint(UInt64)
    case bool(Bool)
    /// A decimal number written with `places` digits after the point (`99.62`), rounded half away from zero.
    case fixed(Double, places: Int)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.uint(let x), .uint(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.fixed(let x, let p), .fixed(let y, let q)): x == y && p == q
        case (.null, .null): true
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Two-space indented text, one member per line, ending without a newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): out += JSONValue.quote(s)
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .bool(let b): out += b ? "true" : "false"
        case .fixed(let value, let places): out += JSONValue.fixedText(value, places: places)
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2) + JSONValue.quote(key) + ": "
                value.write(into: &out, indent: indent + 2)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    /// `value` with `places` digits after the point, without Foundation: `fixedText(99.625, places: 2)` is
    /// `99.63`. A value that is not finite is `null` (JSON has no NaN).
    public static func fixedText(_ value: Double, places: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "null" }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let digits = String(scaled)
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        return sign + padded.dropLast(places) + "." + padded.suffix(places)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259), and the characters
    /// ``DisplayText`` keeps from terminals as `\uXXXX`.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                // Control characters (C0, DEL, C1), line separators and bidirectional overrides: escaped, so that
                // JSON printed to a terminal never drives it (``DisplayText/isUnsafe(_:)``).
                if DisplayText.isUnsafe(u) {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
