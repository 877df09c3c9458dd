/// Why a YAML text was refused, and where.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// libyaml could not scan or parse the text (including invalid UTF-8 and control characters).
        case syntax
        /// An alias names an anchor that is not defined before it, or that contains the alias.
        case alias
        /// The text is longer than ``YAMLLimits/maxBytes``.
        case tooLarge
        /// Collections nest deeper than ``YAMLLimits/maxDepth`` (aliases included).
        case tooDeep
        /// The document would have more than ``YAMLLimits/maxNodes`` nodes, or its aliases would stand for more
        /// than ``YAMLLimits/maxAliasedBytes`` of scalar text, with its aliases followed.
        case tooManyNodes
        /// No document at all (nothing, or only comments and blank lines).
        case empty
        /// A second document (`---`) in the same text.
        case multipleDocuments
    }

    /// A second position that explains the first: where the file ends, for a construct it never closes.
    public struct Note: Sendable, Equatable {
        public var mark: Mark
        public var message: String

        public init(_ message: String, at mark: Mark) {
            self.mark = mark
            self.message = message
        }
    }

    public var kind: Kind
    public var message: String
    public var mark: Mark
    public var note: Note?

    public init(_ kind: Kind, _ message: String, at mark: Mark, note: Note? = nil) {
        self.kind = kind
        self.message = message
        self.mark = mark
        self.note = note
    }

    public var description: String { "\(mark): error: \(message)" }
}

/// Bounds that keep hostile input (alias bombs, deep nesting, huge files) cheap to refuse.
public struct YAMLLimits: Sendable, Equatable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxNodes: Int
    /// The scalar text all aliases together may stand for: an alias of a long scalar (or of a collection
    /// holding long scalars) weighs its text's size, so that repeating it costs what copying it out would.
    public var maxAliasedBytes: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000, maxAliasedBytes: Int = 1 << 20) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliasedBytes = maxAliasedBytes
    }

    public static let `default` = YAMLLimits()
}

/// "1 MiB", "64 KiB", "100 bytes": how limits are named in messages.
func byteCount(_ n: Int) -> String {
    if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
    return n == 1 ? "1 byte" : "\(n) bytes"
}
