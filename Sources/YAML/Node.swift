/// One node of a parsed YAML document: a scalar, a sequence or a mapping, with where it starts and ends.
///
/// Aliases are not expanded into copies: a node reached through `*name` is the anchored node itself
/// (arrays share their storage), carrying the alias's own position and its name in ``alias``.
public struct Node: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public var content: Content
    /// Where the node starts (for a quoted scalar: its opening quote).
    public var start: Mark
    /// Just past the node's last character.
    public var end: Mark
    /// Tag, anchor and alias names: rare, so kept out of line (a node is copied often, and nil costs nothing).
    private var names: Names?

    public init(content: Content, start: Mark, end: Mark, tag: String? = nil, anchor: String? = nil, alias: String? = nil) {
        self.content = content
        self.start = start
        self.end = end
        self.names = Names.make(tag: tag, anchor: anchor, alias: alias)
    }

    /// The explicit tag, resolved by libyaml (`!!str` is `tag:yaml.org,2002:str`); nil when none was written.
    public var tag: String? {
        get { names?.tag }
        set { names = Names.make(tag: newValue, anchor: anchor, alias: alias) }
    }

    /// The anchor defined on this node (`&name`), if any.
    public var anchor: String? {
        get { names?.anchor }
        set { names = Names.make(tag: tag, anchor: newValue, alias: alias) }
    }

    /// Set when this node was reached through an alias (`*name`): the alias's name.
    public var alias: String? {
        get { names?.alias }
        set { names = Names.make(tag: tag, anchor: anchor, alias: newValue) }
    }

    private final class Names: Sendable, Equatable {
        let tag: String?
        let anchor: String?
        let alias: String?

        init(tag: String?, anchor: String?, alias: String?) {
            self.tag = tag
            self.anchor = anchor
            self.alias = alias
        }

        static func make(tag: String?, anchor: String?, alias: String?) -> Names? {
            tag == nil && anchor == nil && alias == nil ? nil : Names(tag: tag, anchor: anchor, alias: alias)
        }

        static func == (a: Names, b: Names) -> Bool {
            a.tag == b.tag && a.anchor == b.anchor && a.alias == b.alias
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }
}

/// A key and its value in a mapping, in document order.
public struct Pair: Sendable, Equatable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// A scalar's text and how it was written, enough to tell `"100"` (a string) from `100` (an integer).
public struct Scalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    public var isPlain: Bool { style == .plain }
}
