import YAML

/// One rule the linter knows: its stable id, how bad a finding is, and what it means.
public struct LintRule: Sendable, Equatable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var summary: String
}

public enum Linter {
    /// Every rule id with a one-line description, in a stable order (reading, shape, then semantic rules).
    public static let rules: [LintRule] = LintRuleID.allCases.map { LintRule(id: $0.rawValue, severity: $0.severity, summary: $0.summary) }

    /// Every problem in one spec: decoding problems and semantic rules, after `# mydocker-lint disable=` comments.
    /// The result is sorted by position. apply/plan/check refuse a spec with any `.error` here.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true)
    }

    /// Without `honouringComments`, `# mydocker-lint` comments are ignored (tests compare with tools that cannot read them).
    static func lint(bytes: [UInt8], file: String, baseDirectory: String, honouringComments: Bool) -> LoadResult {
        let (loaded, origins, root) = SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory)
        var diagnostics = loaded.diagnostics
        if let spec = loaded.spec {
            var rules = LintRules(spec: spec, origins: origins)
            diagnostics += rules.run()
        }
        let directives = honouringComments ? LintDirectives(source: bytes, file: file, root: root) : LintDirectives()
        diagnostics += directives.diagnostics
        diagnostics.removeAll { directives.silences($0) }
        return LoadResult(spec: loaded.spec, diagnostics: sorted(diagnostics), source: bytes)
    }

    public static func lint(path: String) -> LoadResult {
        do {
            let bytes = try SpecFile.read(path: path)
            return lint(bytes: bytes, file: path, baseDirectory: SpecFile.baseDirectory(of: path))
        } catch {
            return LoadResult(spec: nil, diagnostics: [SpecLoader.unreadable(error)])
        }
    }

    /// By position; diagnostics at the same position keep the order they were found in.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
        }.map(\.element)
    }
}
