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
    ///
    /// The rules that read the host's files for what apply would find there (command-not-found, the loop image
    /// rules) run only when asked, `readingHost`: `mydocker lint` and `check SPEC` ask; `plan` shows the steps of
    /// such a spec, which apply takes up to the one that fails, and a run finds them at that step itself.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true)
    }

    public static func lint(bytes: [UInt8], file: String, baseDirectory: String, readingHost: Bool) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true, readingHost: readingHost)
    }

    /// `mydocker lint`'s: every rule, those that read the host's files included, with the findings of `external`
    /// rules (on a spec that decoded) placed among the others.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String,
                            external: (ContainerSpec) -> [ExternalFinding]) -> LoadResult {
        lint(bytes: bytes, file: file, baseDirectory: baseDirectory, honouringComments: true, readingHost: true, external: external)
    }

    /// Without `honouringComments`, `# mydocker-lint` comments are ignored (tests compare with tools that cannot read them).
    /// With `errorsOnly`, the semantic rules make no warnings.
    static func lint(bytes: [UInt8], file: String, baseDirectory: String, honouringComments: Bool, errorsOnly: Bool = false,
                     readingHost: Bool = false, external: (ContainerSpec) -> [ExternalFinding] = { _ in [] }) -> LoadResult {
        let (loaded, origins) = SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory)
        var diagnostics = loaded.diagnostics
        if let spec = loaded.spec {
            var rules = LintRules(spec: spec, origins: origins)
            rules.errorsOnly = errorsOnly
            // A run leaves the host's files to the steps that need them (see LintHost).
            rules.host.probesFiles = readingHost && !errorsOnly
            diagnostics += rules.run()
            for finding in external(spec) where !errorsOnly || finding.rule.severity == .error {
                diagnostics.append(Diagnostic(file: file, position: spec.source.position(of: finding.pointer),
                                              severity: finding.rule.severity, message: finding.message, ruleID: finding.rule.rawValue))
            }
        }
        let directives = honouringComments ? LintDirectives(source: bytes, file: file) : LintDirectives()
        diagnostics += directives.diagnostics
        diagnostics.removeAll { directives.silences($0) }
        return LoadResult(spec: loaded.spec, diagnostics: capped(sorted(diagnostics)), source: bytes)
    }

    public static func lint(path: String) -> LoadResult {
        lint(path: path, readingHost: false)
    }

    public static func lint(path: String, readingHost: Bool) -> LoadResult {
        do {
            let bytes = try SpecFile.read(path: path)
            return lint(bytes: bytes, file: path, baseDirectory: SpecFile.baseDirectory(of: path), readingHost: readingHost)
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

    /// The most diagnostics of one rule a file shows; past it, one more says how many were left out.
    public static let maxPerRule = 20

    /// The first ``maxPerRule`` diagnostics of each rule, in order, and for a rule with more, one diagnostic of
    /// its own in place of the next saying how many more there are (so that output grows with the problems a
    /// person can act on, not with what a generated or hostile file repeats).
    static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        if diagnostics.count <= maxPerRule { return diagnostics }
        var seen: [String: Int] = [:]
        for d in diagnostics { seen[d.ruleID, default: 0] += 1 }
        guard seen.values.contains(where: { $0 > maxPerRule }) else { return diagnostics }
        var shown: [String: Int] = [:]
        var out: [Diagnostic] = []
        for d in diagnostics {
            let n = shown[d.ruleID, default: 0]
            shown[d.ruleID] = n + 1
            if n < maxPerRule {
                out.append(d)
            } else if n == maxPerRule, let total = seen[d.ruleID] {
                let more = total - maxPerRule
                out.append(Diagnostic(file: d.file, position: d.position, severity: d.severity,
                                      message: "\(more) more problem\(more == 1 ? "" : "s") of this rule from here on, not shown: a file shows at most \(maxPerRule) of each rule",
                                      ruleID: d.ruleID))
            }
        }
        return out
    }

    /// By position; diagnostics at the same position keep the order they were found in.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            a.element.position != b.element.position ? a.element.position < b.element.position : a.offset < b.offset
        }.map(\.element)
    }
}
