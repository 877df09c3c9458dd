// INTERFACE STUB — replaced by the spec/lint work (issue 2). Signatures are the contract.

/// The result of reading one spec file: the spec when it could be built, and every problem found on the way.
public struct LoadResult: Sendable {
    public var spec: ContainerSpec?
    public var diagnostics: [Diagnostic]
    /// The bytes that were read, so that messages can show the offending line.
    public var source: [UInt8]

    public init(spec: ContainerSpec?, diagnostics: [Diagnostic], source: [UInt8] = []) {
        self.spec = spec
        self.diagnostics = diagnostics
        self.source = source
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

public enum SpecLoader {
    /// Reads and decodes the spec file at `path` (relative paths inside resolve against its folder).
    public static func load(path: String) -> LoadResult {
        LoadResult(spec: nil, diagnostics: [Diagnostic(file: path, position: SourcePosition(line: 1, column: 1), severity: .error, message: "not implemented yet", ruleID: "internal")])
    }

    /// Decodes spec text. `file` is only for messages; `baseDirectory` resolves relative paths.
    public static func load(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        LoadResult(spec: nil, diagnostics: [Diagnostic(file: file, position: SourcePosition(line: 1, column: 1), severity: .error, message: "not implemented yet", ruleID: "internal")])
    }
}
