/// A JSON value with object keys kept in the order they were given, and its text (RFC 8259): what
/// `mydocker plan --format json` prints. (Named apart from `Spec.JSONValue`, the lint output's writer.)
///
/// A tiny writer so that the planner needs neither Foundation nor Codable.
public indirect enum PlanJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([PlanJSON])
    case object([(key: String, value: PlanJSON)])

    public static func == (a: PlanJSON, b: PlanJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    /// The JSON text. `pretty`: one member or element per line, indented by two spaces (as `jq .` prints);
    /// otherwise on one line with no spaces.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, pretty: pretty, depth: 0)
        return out
    }

    func write(to out: inout String, pretty: Bool, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .string(let s): PlanJSON.writeString(s, to: &out)
        case .array(let elements):
            writeContainer(open: "[", close: "]", count: elements.count, to: &out, pretty: pretty, depth: depth) { i, out in
                elements[i].write(to: &out, pretty: pretty, depth: depth + 1)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, to: &out, pretty: pretty, depth: depth) { i, out in
                PlanJSON.writeString(members[i].key, to: &out)
                out += pretty ? ": " : ":"
                members[i].value.write(to: &out, pretty: pretty, depth: depth + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, to out: inout String, pretty: Bool, depth: Int,
        element: (Int, inout String) -> Void
    ) {
        out += open
        guard count > 0 else { out += close; return }
        let inner = pretty ? "\n" + String(repeating: "  ", count: depth + 1) : ""
        for i in 0..<count {
            if i > 0 { out += "," }
            out += inner
            element(i, &out)
        }
        out += (pretty ? "\n" + String(repeating: "  ", count: depth) : "") + close
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + Quoting.hex(scalar.value, digits: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension PlanJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
}
