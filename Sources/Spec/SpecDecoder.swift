import DidYouMean
import YAML

/// Where a value sits: its JSON pointer (for ``SpecSource/positions``); its name in messages is derived
/// from the pointer only when a message needs it.
struct Location {
    var pointer: String

    static let root = Location(pointer: "")

    func key(_ key: String) -> Location {
        Location(pointer: pointer + "/" + PathText.pointerToken(key))
    }

    func index(_ i: Int) -> Location {
        Location(pointer: pointer + "/" + String(i))
    }

    /// `process.user.uid`, `mounts[1].options[0]`, `annotations.org.mydocker.init`; empty for the document itself.
    var name: String {
        var out = ""
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (depth, token) in tokens.enumerated() {
            let text = token.replacing("~1", with: "/").replacing("~0", with: "~")
            // List indexes read as [n]; annotation keys are free text, even when they look like numbers.
            let isIndex = !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                && !(depth == 1 && tokens.first == "annotations")
            if isIndex {
                out += "[" + text + "]"
            } else {
                out += (out.isEmpty ? "" : ".") + text
            }
        }
        return out
    }

    /// "at the top level", "in `process`".
    var inWords: String { pointer.isEmpty ? "at the top level" : "in `\(name)`" }
}

/// One key of a mapping that the schema knows, with its value.
struct Field {
    var key: String
    var value: Node
    var location: Location
}

/// Turns a YAML node tree into a ``ContainerSpec``, collecting every problem instead of stopping at the first.
struct SpecDecoder {
    let file: String
    let baseDirectory: String
    var diagnostics: [Diagnostic] = []
    var positions: [String: SourcePosition] = [:]
    /// For each decoded list element, the pointer of the node it came from (elements with errors are left out,
    /// so spec index and file index can differ; lint rules point at the file's).
    var origins = ElementOrigins()
    /// JSON specs write sizes as numbers of bytes only; YAML specs may add a unit (``ByteSize``).
    let syntax: SpecSyntax

    init(file: String, baseDirectory: String, syntax: SpecSyntax = .yaml) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.syntax = syntax
    }

    mutating func report(_ rule: LintRuleID, at mark: Mark, _ message: String) {
        diagnostics.append(Diagnostic(file: file, position: SourcePosition(mark), severity: rule.severity, message: message, ruleID: rule.rawValue))
    }

    // MARK: Mappings

    /// The fields of a mapping the schema knows. Reports a non-mapping, non-string keys, duplicate keys,
    /// unknown and unsupported keys, and missing required keys; records key and value positions.
    mutating func object(_ node: Node, _ at: Location, _ schema: SchemaObject) -> [Field]? {
        guard let pairs = node.mapping else {
            typeError(node, at, expected: "a mapping")
            return nil
        }
        var seen: [String: Mark] = [:]
        var fields: [Field] = []
        fields.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let keyScalar = pair.key.scalar else {
                report(.type, at: pair.key.start, "keys must be strings, found \(Self.describe(pair.key)) \(at.inWords)")
                continue
            }
            let key = keyScalar.value
            let child = at.key(key)
            if let first = seen[key] {
                report(.duplicateKey, at: pair.key.start, "duplicate key `\(key)` \(at.inWords): already set at line \(first.line), column \(first.column)")
                continue
            }
            seen[key] = pair.key.start
            positions[child.pointer + "#key"] = SourcePosition(pair.key.start)
            guard schema.property(key) != nil || schema.additionalProperties != nil else {
                if schema.unsupported.contains(key) {
                    report(.unsupportedKey, at: pair.key.start, "`\(child.name)` is not supported by mydocker yet")
                } else {
                    report(.unknownKey, at: pair.key.start, Self.unknownKeyMessage(key, at, schema))
                }
                continue
            }
            positions[child.pointer] = SourcePosition(pair.value.start)
            fields.append(Field(key: key, value: pair.value, location: child))
        }
        for name in schema.required where seen[name] == nil {
            let mark = positions[at.pointer + "#key"].map { Mark(line: $0.line, column: $0.column) } ?? node.start
            report(.required, at: mark, "`\(at.key(name).name)` is required")
        }
        return fields
    }

    static func unknownKeyMessage(_ key: String, _ at: Location, _ schema: SchemaObject) -> String {
        let base = "unknown key `\(key)` \(at.inWords)"
        if key == "<<" {
            return base + "; YAML 1.1 merge keys are not supported: write the keys out (an alias may stand for a whole value)"
        }
        if let near = Suggestion.nearest(to: key, in: schema.keys) {
            return base + "; did you mean `\(near)`?"
        }
        if let home = KeyHomes.table[key] {
            return base + "; `\(key)` belongs in `\(home)`"
        }
        return base + "; expected one of " + schema.keys.joined(separator: ", ")
    }

    // MARK: Lists

    /// The items of a list, each with its location (positions recorded).
    mutating func list(_ node: Node, _ at: Location) -> [(Node, Location)]? {
        guard let items = node.sequence else {
            typeError(node, at, expected: "a list")
            return nil
        }
        var out: [(Node, Location)] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let loc = at.index(i)
            positions[loc.pointer] = SourcePosition(item.start)
            out.append((item, loc))
        }
        return out
    }

    mutating func strings(_ node: Node, _ at: Location) -> [String] {
        stringsWithOrigins(node, at).strings
    }

    /// A command's words (`process.args`, a hook's `args`). A string where the list belongs is one error that
    /// shows the list to write: mydocker runs no shell to split it.
    mutating func words(_ node: Node, _ at: Location) -> [String] {
        guard node.scalar != nil, case .string(let command) = node.resolved, !command.isEmpty else { return strings(node, at) }
        let key = String(at.pointer.split(separator: "/").last ?? "args")
        let list = CommandWords.flowList(CommandWords.split(command), syntax: syntax)
        let fix = syntax == .json ? "\"\(key)\": \(list)" : "\(key): \(list)"
        typeError(node, at, expected: "a list of words", hint: "write `\(fix)`: mydocker runs no shell to split a string into words")
        return []
    }

    /// The strings of a list, recording no position per item: for long lists no rule points into (a seccomp
    /// rule's names: podman's profile has hundreds, and a pointer and a position each were a tenth of its lint).
    /// An item that is not a string is still reported where it is.
    mutating func unplacedStrings(_ node: Node, _ at: Location) -> [String] {
        guard let items = node.sequence else {
            typeError(node, at, expected: "a list")
            return []
        }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            if case .string(let s) = item.resolved { out.append(s) } else { typeError(item, at.index(i), expected: "a string") }
        }
        return out
    }

    /// The strings of a list and the pointer of each (items that are not strings are reported and left out).
    mutating func stringsWithOrigins(_ node: Node, _ at: Location) -> (strings: [String], origins: [String]) {
        var strings: [String] = []
        var origins: [String] = []
        for (item, loc) in list(node, at) ?? [] {
            if let s = string(item, loc) {
                strings.append(s)
                origins.append(loc.pointer)
            }
        }
        return (strings, origins)
    }

    // MARK: Scalars

    mutating func string(_ node: Node, _ at: Location) -> String? {
        if case .string(let s) = node.resolved { return s }
        typeError(node, at, expected: "a string")
        return nil
    }

    mutating func bool(_ node: Node, _ at: Location) -> Bool? {
        if case .bool(let b) = node.resolved { return b }
        var hint: String?
        if case .string(let word) = node.resolved, node.scalar?.isPlain == true, ["yes", "no", "on", "off", "y", "n"].contains(word.lowercased()) {
            hint = "`\(word)` was a boolean in YAML 1.1 only: write true or false"
        }
        typeError(node, at, expected: "a boolean (true or false)", hint: hint)
        return nil
    }

    mutating func integer(_ node: Node, _ at: Location, in range: ClosedRange<Int64>) -> Int64? {
        switch node.resolved {
        case .int(let v):
            if range.contains(v) { return v }
            origins.failed.insert(at.pointer)
            report(.range, at: node.start, "`\(at.name)` must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
        case .largeInt(let text):
            origins.failed.insert(at.pointer)
            report(.range, at: node.start, "`\(at.name)` must be between \(range.lowerBound) and \(range.upperBound), found \(text)")
        default:
            typeError(node, at, expected: "an integer")
        }
        return nil
    }

    mutating func uint32(_ node: Node, _ at: Location) -> UInt32? {
        integer(node, at, in: 0...Int64(UInt32.max)).map { UInt32($0) }
    }

    mutating func typeError(_ node: Node, _ at: Location, expected: String, hint: String? = nil) {
        origins.failed.insert(at.pointer)
        let subject = at.pointer.isEmpty ? "a spec" : "`\(at.name)`"
        var message = "\(subject) must be \(expected), found \(Self.describe(node))"
        if let hint {
            message += "; " + hint
        } else if expected == "a string", let scalar = node.scalar, scalar.isPlain, !scalar.value.isEmpty {
            message += "; quote it to make it a string: \"\(scalar.value)\""
        }
        report(.type, at: node.start, message)
    }

    /// "a list", "null", "the integer `5`", "the string `abc`".
    static func describe(_ node: Node) -> String {
        switch node.content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let s):
            let shown = s.value.count > 40 ? String(s.value.prefix(40)) + "…" : s.value
            switch node.resolved {
            case .null: return "null"
            case .bool: return "the boolean `\(shown)`"
            case .int, .largeInt: return "the integer `\(shown)`"
            case .float: return "the number `\(shown)`"
            default: return "the string `\(shown)`"
            }
        }
    }
}

/// For keys written at the wrong level: where each known key belongs (`namespaces` → `linux`).
enum KeyHomes {
    static let table: [String: String] = {
        var homes: [String: String] = [:]
        func walk(_ type: SchemaType, _ path: String) {
            switch type {
            case .object(let o):
                for p in o.properties {
                    if homes[p.name] == nil, !path.isEmpty { homes[p.name] = path }
                    walk(p.type, path.isEmpty ? p.name : path + "." + p.name)
                }
            case .array(let items, _): walk(items, path + "[]")
            case .oneOf(let options): for o in options { walk(o, path) }
            default: break
            }
        }
        walk(.object(SpecSchema.spec), "")
        return homes
    }()
}

/// Which node of the file each decoded list element came from.
struct ElementOrigins: Sendable {
    var env: [String] = []
    var mounts: [String] = []
    /// Per decoded mount, the pointers of its option words.
    var mountOptions: [[String]] = []
    var namespaces: [String] = []
    var uidMappings: [String] = []
    var gidMappings: [String] = []
    /// Per blockIO throttle list (by its pointer), the pointers of its decoded devices.
    var throttleDevices: [String: [String]] = [:]
    var rlimits: [String] = []
    var devices: [String] = []
    var seccompSyscalls: [String] = []
    var maskedPaths: [String] = []
    var readonlyPaths: [String] = []
    /// `network.ports`: the pointer of each decoded mapping.
    var ports: [String] = []
    /// Values that were written but could not be decoded (wrong type, out of range, bad enum): the spec holds
    /// a default there, which rules must not judge as if the file had said it.
    var failed: Set<String> = []
}

extension SourcePosition {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
