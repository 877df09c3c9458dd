/// One problem found in a spec: what, where, how bad, and which rule says so.
public struct Diagnostic: Sendable, Equatable, Hashable {
    public enum Severity: String, Sendable, Equatable, Hashable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var file: String
    public var position: SourcePosition
    public var severity: Severity
    public var message: String
    /// A stable id (`unknown-key`, `hostname-without-uts`, …) that `# mydocker-lint disable=` comments name.
    public var ruleID: String

    public init(file: String, position: SourcePosition, severity: Severity, message: String, ruleID: String) {
        self.file = file
        self.position = position
        self.severity = severity
        self.message = message
        self.ruleID = ruleID
    }

    public var line: Int { position.line }
    public var column: Int { position.column }
}
