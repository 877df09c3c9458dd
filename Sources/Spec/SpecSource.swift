/// A 1-based line and column in a spec file (columns count Unicode scalars).
public struct SourcePosition: Sendable, Equatable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Where a spec came from and where each of its values stands.
public struct SpecSource: Sendable, Equatable {
    /// The path as the user gave it ("-" for standard input).
    public var file: String
    /// The absolute folder relative paths (root.path, mount sources) resolve against.
    public var baseDirectory: String
    /// JSON pointer (RFC 6901) of a value → position of that value's node.
    /// Mapping keys are recorded too, under the pointer with `#key` appended (`/process/argz#key`).
    public var positions: [String: SourcePosition]

    public init(file: String = "-", baseDirectory: String = "/", positions: [String: SourcePosition] = [:]) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.positions = positions
    }

    /// The position of the value at `pointer`, or of its nearest ancestor that has one, or 1:1.
    public func position(of pointer: String) -> SourcePosition {
        var p = pointer
        while true {
            if let found = positions[p] { return found }
            guard let slash = p.lastIndex(of: "/") else { break }
            p = String(p[..<slash])
            if p.isEmpty { break }
        }
        return positions[""] ?? SourcePosition(line: 1, column: 1)
    }
}
