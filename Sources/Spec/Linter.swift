import YAML

/// One rule the linter knows: its stable id, how bad a finding is, and what it means.
public struct LintRule: Sendable, Equatable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var summary: String
}

/// A finding of a rule the Spec module cannot check itself, because it needs a library Spec does not link (the
/// Seccomp module asks libseccomp which system call names it knows): its rule, where (a JSON pointer into the
/// spec), and what. The linter places it, and `# mydocker-lint disable=` comments silence it, as any other.
public struct ExternalFinding: Sendable, Equatable {
    public var rule: LintRuleID
    public var pointer: String
    public var message: String

    public init(rule: LintRuleID, pointer: String, message: String) {
        self.rule = rule
        self.pointer = pointer
        self.message = message
    }
}

public enum Linter {
    /// Every rule id with a one-line description, in a stable order (reading, shape, then semantic rules).
    public static let rules: [LintRule] = LintRuleID.allCases.map { LintRule(id: $0.rawValue, severity: $0.severity, summary: $0.summary) }

    /// Every problem in one spec: decoding problems and semantic rules, after `# mydocker-lint disable=` comments.
    /// The result is sorted by position. apply/plan/check refuse a spec with any `.error` here.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true)
    }

    /// ``lint(bytes:file:baseDirectory:)`` with the findings of `external` rules (on a spec that decoded) placed
    /// among the others.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String,
                            external: (ContainerSpec) -> [ExternalFinding]) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true, external: external)
    }

    /// Without `honouringComments`, `# mydocker-lint` comments are ignored (tests compare with tools that cannot read them).
    /// With `errorsOnly`, the semantic rules make no warnings.
    static func lint(bytes: [UInt8], file: String, baseDirectory: String, honouringComments: Bool, errorsOnly: Bool = false,
                     external: (ContainerSpec) -> [ExternalFinding] = { _ in [] }) -> LoadResult {
        let (loaded, origins, root) = SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory)
        var diagnostics = loaded.diagnostics
        if let spec = loaded.spec {
            var rules = LintRules(spec: spec, origins: origins)
            rules.errorsOnly = errorsOnly
            diagnostics += rules.run()
            for finding in external(spec) where !errorsOnly || finding.rule.severity == .error {
                diagnostics.append(Diagnostic(file: file, position: spec.source.position(of: finding.pointer),
                                              severity: finding.rule.severity, message: finding.message, ruleID: finding.rule.rawValue))
            }
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

    /// What running a spec needs (apply, and the monitor of a detached container): its model, and whether lint
    /// refuses it. Warnings are not made, since a run prints diagnostics only when it refuses the spec: then the
    /// spec is linted again in full, so that what is printed is exactly what `mydocker lint` says. (A spec that
    /// draws warnings costs a run the time of building them, up to a tenth of a container's start otherwise.)
    ///
    /// `read` sees the file's bytes first (apply looks at them to prepare the container's namespaces meanwhile).
    public static func lintForRun(path: String, read: ([UInt8]) -> Void = { _ in }) -> LoadResult {
        let bytes: [UInt8]
        do {
            bytes = try SpecFile.read(path: path)
        } catch {
            return LoadResult(spec: nil, diagnostics: [SpecLoader.unreadable(error)])
        }
        read(bytes)
        return lintForRun(bytes: bytes, file: path, baseDirectory: SpecFile.baseDirectory(of: path))
    }

    /// ``lintForRun(path:read:)`` of a spec already read (`file` names it in messages).
    public static func lintForRun(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        let quick = lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true, errorsOnly: true)
        return quick.hasErrors ? lint(bytes: bytes, file: file, baseDirectory: baseDirectory) : quick
    }

    /// By position; diagnostics at the same position keep the order they were found in.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
        }.map(\.element)
    }
}
