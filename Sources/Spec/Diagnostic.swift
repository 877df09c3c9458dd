/// One problem found in a spec: what, where, how bad, and which rule says so.
public struct Diagnostic: Sendable, Equatable, Hashable {
    public enum Severity: String, Sendable, Equatable, Hashable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// A second position that explains the first (where the file ends, for a bracket it never closes).
    public struct Note: Sendable, Equatable, Hashable {
        public var position: SourcePosition
        public var message: String

        public init(position: SourcePosition, message: String) {
            self.position = position
            self.message = message
        }
    }

    public var file: String
    public var position: SourcePosition
    public var severity: Severity
    /// What is wrong, in one line. Values quoted from the spec are shortened when long (``MessageText``), so that
    /// a message costs what its words cost, not what the file's longest string does.
    public var message: String
    /// A stable id (`unknown-key`, `hostname-without-uts`, …) that `# mydocker-lint disable=` comments name.
    public var ruleID: String
    public var notes: [Note]

    public init(file: String, position: SourcePosition, severity: Severity, message: String, ruleID: String, notes: [Note] = []) {
        self.file = file
        self.position = position
        self.severity = severity
        self.message = MessageText.bounded(message)
        self.ruleID = ruleID
        self.notes = notes
    }

    public var line: Int { position.line }
    public var column: Int { position.column }
}
