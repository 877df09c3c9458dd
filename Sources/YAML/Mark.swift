/// A position in YAML text: 1-based line and column, columns counting Unicode scalars.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Mark, b: Mark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }

    /// The mark of byte `offset` in `bytes`, by libyaml's line breaks (used where libyaml only gives an offset).
    public static func of(offset: Int, in bytes: [UInt8]) -> Mark {
        LineTable(bytes).mark(ofOffset: offset)
    }
}
