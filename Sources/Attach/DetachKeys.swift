/// The keys that detach `attach` from a container and leave it running, as docker reads them (`--detach-keys`,
/// its `term.ToBytes`): a comma-separated list of single characters and `ctrl-X` (X one of `@`, a to z, `[`, `\`,
/// `]`, `^`, `_`), or `DEL`. Default: ctrl-p, ctrl-q.
public struct DetachKeys: Equatable, Sendable {
    public let sequence: [UInt8]

    public static let `default` = DetachKeys(sequence: [16, 17])

    public init(sequence: [UInt8]) {
        self.sequence = sequence
    }

    /// Why a `--detach-keys` value cannot be read.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a `--detach-keys` value.
    public init(parsing text: String) throws(Invalid) {
        var codes: [UInt8] = []
        for key in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bytes = Array(key.utf8)
            if bytes.count == 1 {
                codes.append(bytes[0])
            } else if key == "DEL" {
                codes.append(127)
            } else if let code = Self.control(key) {
                codes.append(code)
            } else {
                throw Invalid(description: "invalid detach keys \"\(text)\": unknown key \"\(key)\" (a character, ctrl-a to ctrl-z, ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_ or DEL, separated by commas)")
            }
        }
        sequence = codes
    }

    /// `ctrl-X`'s code (`ctrl-@` 0, `ctrl-a` 1 … `ctrl-z` 26, `ctrl-[` 27 … `ctrl-_` 31).
    static func control(_ key: Substring) -> UInt8? {
        guard key.hasPrefix("ctrl-"), key.utf8.count == 6, let last = key.utf8.last else { return nil }
        switch last {
        case UInt8(ascii: "@"): return 0
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return last - UInt8(ascii: "a") + 1
        case UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "_"): return last - UInt8(ascii: "[") + 27
        default: return nil
        }
    }
}

/// Watches typed keys for the detach sequence, as docker's escape proxy does: keys that could begin it are held
/// back; if the sequence completes they are dropped and attach detaches, if not they are let through with the key
/// that broke it.
public struct DetachKeyMatcher: Sendable {
    public let keys: DetachKeys
    /// How many keys of the sequence have been typed (and held back).
    var matched = 0

    public init(_ keys: DetachKeys) {
        self.keys = keys
    }

    /// What to send of `input`, and whether the sequence completed (then nothing after it is sent).
    public mutating func filter<Input: Sequence<UInt8>>(_ input: Input) -> (send: [UInt8], detach: Bool) {
        let sequence = keys.sequence
        guard !sequence.isEmpty else { return (Array(input), false) }
        var out: [UInt8] = []
        for byte in input {
            if byte == sequence[matched] {
                matched += 1
                if matched == sequence.count {
                    matched = 0
                    return (out, true)
                }
                continue
            }
            out.append(contentsOf: sequence[0..<matched])
            matched = 0
            if byte == sequence[0] { matched = 1 } else { out.append(byte) }
        }
        return (out, false)
    }
}
