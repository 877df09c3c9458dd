import Spec
import YAML

/// YAML text for a JSON value: block mappings and lists as people write specs, lists of scalars and small
/// mappings inside lists in flow style (`[nosuid, nodev]`, `{type: RLIMIT_NOFILE, soft: 1024, hard: 1024}`),
/// long flow lists wrapped, and comment lines above the keys and list items that ``comments`` names by JSON
/// pointer (`/process/capabilities`, `/mounts/5`). Strings are written plain unless YAML would read them as
/// something else or they hold a character plain scalars cannot, then double-quoted.
public struct YAMLText {
    /// Comment lines (without `# `; an empty one is a blank line) above the value at each pointer.
    public var comments: [String: [String]]
    /// Lines a flow list or mapping may fill, before it is wrapped or written as a block.
    public var width: Int

    public init(comments: [String: [String]] = [:], width: Int = 100) {
        self.comments = comments
        self.width = width
    }

    /// `header` as comment lines, then the value (a mapping, for a spec), ending with a newline.
    public func render(_ value: JSONValue, header: [String] = []) -> String {
        var out = ""
        for line in header { out += Self.comment(line, indent: 0) }
        switch value {
        case .object(let members) where !members.isEmpty:
            mapping(members, indent: 0, pointer: "", into: &out)
        default:
            out += scalarOrFlow(value) ?? "null"
            out += "\n"
        }
        return out
    }

    // MARK: Blocks

    func mapping(_ members: [(String, JSONValue)], indent: Int, pointer: String, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in members {
            let here = pointer + "/" + Self.pointerToken(key)
            for line in comments[here] ?? [] { out += Self.comment(line, indent: indent) }
            let head = pad + Self.scalar(key) + ":"
            switch value {
            case .object(let inner) where !inner.isEmpty:
                out += head + "\n"
                mapping(inner, indent: indent + 2, pointer: here, into: &out)
            case .array(let items) where !items.isEmpty && !items.allSatisfy(\.isScalar):
                out += head + "\n"
                sequence(items, indent: indent + 2, pointer: here, into: &out)
            case .array(let items) where !items.isEmpty:
                out += wrappedFlowList(items, head: head + " ", continuation: indent + 2) + "\n"
            default:
                out += head + " " + (scalarOrFlow(value) ?? "null") + "\n"
            }
        }
    }

    func sequence(_ items: [JSONValue], indent: Int, pointer: String, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        // Mappings in flow style only when every item of the list can be: a list reads in one style.
        let flows: [String?] = items.enumerated().map { i, item in
            guard case .object(let members) = item, !members.isEmpty,
                  let flow = flowMapping(members, pointer: pointer + "/" + String(i)), indent + 2 + flow.count <= width else { return nil }
            return flow
        }
        let flowStyle = !flows.contains(nil)
        for (i, item) in items.enumerated() {
            let here = pointer + "/" + String(i)
            for line in comments[here] ?? [] { out += Self.comment(line, indent: indent) }
            switch item {
            case .object(let members) where !members.isEmpty:
                if flowStyle, let flow = flows[i] {
                    out += pad + "- " + flow + "\n"
                    continue
                }
                var block = ""
                mapping(members, indent: indent + 2, pointer: here, into: &block)
                if block.hasPrefix(pad + "  #") {
                    out += pad + "-\n" + block
                } else {
                    out += pad + "- " + block.dropFirst(indent + 2)
                }
            case .array(let inner) where !inner.isEmpty && !inner.allSatisfy(\.isScalar):
                out += pad + "-\n"
                sequence(inner, indent: indent + 2, pointer: here, into: &out)
            case .array(let inner) where !inner.isEmpty:
                out += wrappedFlowList(inner, head: pad + "- ", continuation: indent + 2) + "\n"
            default:
                out += pad + "- " + (scalarOrFlow(item) ?? "null") + "\n"
            }
        }
    }

    // MARK: Flow

    /// `{key: value, …}` for a mapping whose values are scalars or lists of scalars and that no comment names
    /// inside; nil otherwise.
    func flowMapping(_ members: [(String, JSONValue)], pointer: String) -> String? {
        var parts: [String] = []
        for (key, value) in members {
            let here = pointer + "/" + Self.pointerToken(key)
            guard comments[here] == nil, let text = scalarOrFlow(value) else { return nil }
            parts.append(Self.scalar(key) + ": " + text)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A scalar, an empty collection, or a list of scalars on one line; nil for anything else.
    func scalarOrFlow(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return Self.scalar(s)
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        case .fixed(let v, let places): return JSONValue.fixedText(v, places: places)
        case .null: return "null"
        case .object(let members): return members.isEmpty ? "{}" : nil
        case .array(let items):
            guard items.allSatisfy(\.isScalar) else { return nil }
            return "[" + items.compactMap(scalarOrFlow).joined(separator: ", ") + "]"
        }
    }

    /// `head[a, b, …]`, continued on lines indented by `continuation` when it does not fit in ``width``.
    func wrappedFlowList(_ items: [JSONValue], head: String, continuation: Int) -> String {
        let words = items.compactMap(scalarOrFlow)
        var out = head + "["
        var lineLength = out.count
        for (i, word) in words.enumerated() {
            let piece = word + (i + 1 < words.count ? "," : "]")
            if i > 0 {
                if lineLength + 1 + piece.count > width {
                    out += "\n" + String(repeating: " ", count: continuation)
                    lineLength = continuation
                } else {
                    out += " "
                    lineLength += 1
                }
            }
            out += piece
            lineLength += piece.count
        }
        return out
    }

    // MARK: Scalars

    /// `s` plain when YAML (1.2, and 1.1 for other tools) reads it back as the same string, else double-quoted.
    public static func scalar(_ s: String) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    /// The words YAML 1.1 reads as booleans: mydocker reads YAML 1.2, but editors and other tools may not.
    static let yaml11Booleans: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        guard Scalar(s).resolved(tag: nil) == .string(s), !yaml11Booleans.contains(s) else { return false }
        if " \t".unicodeScalars.contains(first) || " \t".unicodeScalars.contains(last) { return false }
        if "?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if first == "-", s.unicodeScalars.count == 1 || s.unicodeScalars.dropFirst().first == " " { return false }
        if last == ":" || s.contains(": ") || s.contains(" #") { return false }
        // Flow indicators end a plain scalar inside [ ] and { }; the same text is written alike everywhere.
        return !s.unicodeScalars.contains { ",[]{}".unicodeScalars.contains($0) || needsEscape($0) || $0 == "\t" }
    }

    /// A YAML double-quoted scalar: `"` and `\` escaped, and every character YAML does not allow printed raw
    /// (controls, DEL, C1 controls, line and paragraph separators, byte order marks) as `\uXXXX`.
    public static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if needsEscape(u) {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xFEFF
            || u.value == 0xFFFE || u.value == 0xFFFF
    }

    /// A comment line; an empty one is a blank line, to set parts apart.
    static func comment(_ line: String, indent: Int) -> String {
        line.isEmpty ? "\n" : String(repeating: " ", count: indent) + "# " + line + "\n"
    }

    /// RFC 6901: `~` as `~0`, `/` as `~1`.
    static func pointerToken(_ key: String) -> String {
        key.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}

extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }
}
