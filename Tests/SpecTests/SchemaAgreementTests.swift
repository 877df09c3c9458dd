import Foundation
import Testing
@testable import Spec

/// check-jsonschema (a real JSON Schema validator, from PyPI) and the linter agree on which specs are valid
/// wherever the rule is a shape rule, over `specs/` and a corpus of fixtures, each classified below.
/// The validator is required in CI (CI=true): only a developer machine without it skips these tests.
@Suite struct SchemaAgreementTests {
    /// What a fixture is for, and so what the linter and the schema must each say about it.
    enum Kind: Equatable, Sendable {
        /// Both accept it: the linter reports nothing, the schema no error.
        case valid
        /// A shape-rule fixture: the linter reports a shape rule, the schema refuses the file too.
        case shape
        /// Not one well-formed YAML document (syntax, encoding, duplicate keys, no or several documents, too deep):
        /// the linter reports a document rule, check-jsonschema cannot load the file or refuses what it loads.
        case document
        /// A semantic-rule fixture: its shape is right (the schema accepts it) and the linter reports only rules
        /// a JSON Schema cannot express (namespaces that a setting needs, overlaps, files on disk, …).
        case semantic
        /// A known difference, kept so that it stays known: the linter refuses it with a shape rule, the schema accepts it.
        case linterStricter(because: String)
        /// Not given to check-jsonschema at all; the linter must refuse it.
        case notRun(because: String)
    }

    /// Rules that report what the schema says too: types, ranges, enums, required and unknown keys, its patterns.
    static let shapeRules: Set<String> = [
        "unknown-key", "type", "range", "enum", "required", "unsupported-key", "invalid-annotation",
        "cwd-relative", "env-malformed", "mount-destination-relative", "mapping-zero-size",
        "size-syntax", "cpu-shares-range", "cpu-period-range", "cpu-quota-range", "cpu-idle-range", "cpuset-syntax",
        "memory-limit-range", "memory-swappiness-range", "pids-limit-range", "blockio-weight-range", "hugepage-size-format",
        "device-access", "device-number-range", "unified-key", "network-name",
    ]
    /// A shape rule for `args: []` (the schema's minItems), a semantic one for `args: [""]` (a schema cannot
    /// refuse that one empty string without refusing every empty argument).
    static let partlyShapeRules: Set<String> = ["args-empty"]
    /// Problems with the file itself rather than with the spec it holds.
    static let documentRules: Set<String> = [
        "unreadable-file", "yaml-syntax", "empty-file", "multiple-documents", "input-too-large", "too-deep",
        "too-many-nodes", "duplicate-key",
    ]
    /// Rules a JSON Schema cannot express: they relate several fields, or look at the host; and warnings about
    /// values the schema allows (a throttle rate of 0, deprecated kernel memory limits).
    static let semanticRules: Set<String> = [
        "hostname-without-uts", "hostname-too-long", "mapping-without-userns", "userns-without-mapping",
        "mapping-out-of-range", "mapping-overlap", "mapping-too-many", "user-not-mapped", "duplicate-namespace",
        "namespace-path-missing", "mount-destination-dotdot", "duplicate-mount-destination", "loop-source-not-file",
        "block-fs-needs-loop", "unknown-mount-option", "proc-without-pidns", "pidns-without-proc",
        "mounts-without-mountns", "timeoffsets-without-timens", "unknown-lint-rule",
        "cpu-burst-above-quota", "memory-swap-below-limit", "memory-kernel-deprecated", "throttle-rate-zero", "cgroups-path",
        "rlimit-soft-above-hard", "rlimit-duplicate", "sysctl-not-namespaced", "sysctl-needs-namespace", "sysctl-hostname",
        "ambient-capability-dropped", "sandbox-keeps-all-capabilities", "security-label-format",
        "seccomp-unknown-syscall", "loop-image-missing", "loop-image-unknown-filesystem", "mount-type-missing",
        "path-not-expanded", "command-not-found",
        "network-namespace", "network-unused", "network-address", "port-syntax", "port-range-mismatch", "port-duplicate",
        "network-files-unbound",
    ]

    /// Every fixture of ok/, err/, format/ and schema/ (paths relative to Fixtures/) with its kind.
    /// The linter reads them without `# mydocker-lint` comments, which a schema cannot read.
    static let corpus: [(String, Kind)] = [
        ("ok/anchors.yml", .valid),
        ("ok/config.json", .valid),
        ("ok/crlf.yaml", .valid),
        ("ok/disabled.yaml", .shape), // its shape problems are silenced by comments only
        ("ok/every-key.yaml", .valid),
        ("ok/hash-in-strings.yaml", .valid),
        ("ok/minimal.yaml", .valid),
        ("ok/runc-spec.json", .valid),
        ("ok/short-namespaces.yaml", .valid),
        ("ok/user.yaml", .valid),
        ("ok/network.yaml", .valid),
        ("ok/network-host.yaml", .valid),

        ("err/ambient-capability-dropped.yaml", .semantic),
        ("err/args-empty.yaml", .shape),
        ("err/args-string.yaml", .shape),
        ("err/args-first-empty.yaml", .semantic),
        ("err/binary.yaml", .document),
        ("err/block-fs-needs-loop.yaml", .semantic),
        ("err/blockio-weight-range.yaml", .shape),
        ("err/cgroups-path.yaml", .semantic),
        ("err/command-not-found.yaml", .semantic),
        ("err/network-name.yaml", .shape),
        ("err/network-namespace.yaml", .semantic),
        ("err/network-namespace-host.yaml", .semantic),
        ("err/network-namespace-default-mode.yaml", .semantic),
        ("err/network-unused.yaml", .semantic),
        ("err/network-address.yaml", .semantic),
        ("err/port-syntax.yaml", .semantic),
        ("err/port-range-mismatch.yaml", .semantic),
        ("err/port-duplicate.yaml", .semantic),
        ("err/network-files-unbound.yaml", .semantic),
        ("err/cpu-burst-above-quota.yaml", .semantic),
        ("err/cpu-idle-range.yaml", .shape),
        ("err/cpu-period-range.yaml", .shape),
        ("err/cpu-quota-range.yaml", .shape),
        ("err/cpu-shares-range.yaml", .shape),
        ("err/cpuset-syntax.yaml", .shape),
        ("err/cwd-relative.yaml", .shape),
        ("err/device-access.yaml", .shape),
        ("err/device-number-range.yaml", .shape),
        ("err/disable-scope.yaml", .shape),
        ("err/duplicate-key.yaml", .document),
        ("err/duplicate-mount-destination.yaml", .semantic),
        ("err/duplicate-namespace.yaml", .semantic),
        ("err/empty-document.yaml", .document),
        ("err/empty-file.yaml", .document),
        ("err/enum.yaml", .shape),
        ("err/env-malformed.yaml", .shape),
        ("err/hostname-too-long.yaml", .semantic),
        ("err/hostname-without-uts.yaml", .semantic),
        ("err/hugepage-size-format.yaml", .shape),
        ("err/invalid-annotation.yaml", .shape),
        ("err/invalid-utf8.yaml", .document),
        ("err/loop-image-missing.yaml", .semantic),
        ("err/loop-image-unknown-filesystem.yaml", .semantic),
        ("err/loop-source-not-file.yaml", .semantic),
        ("err/mapping-out-of-range.yaml", .semantic),
        ("err/mapping-overlap.yaml", .semantic),
        ("err/mapping-too-many.yaml", .semantic),
        ("err/mapping-without-userns.yaml", .semantic),
        ("err/mapping-zero-size.yaml", .shape),
        ("err/memory-kernel-deprecated.yaml", .semantic),
        ("err/memory-limit-range.yaml", .shape),
        ("err/memory-swap-below-limit.yaml", .semantic),
        ("err/memory-swappiness-range.yaml", .shape),
        ("err/mount-destination-dotdot.yaml", .semantic),
        ("err/mount-destination-relative.yaml", .shape),
        ("err/mount-type-missing.yaml", .semantic),
        ("err/mounts-without-mountns.yaml", .semantic),
        ("err/multiple-documents.yaml", .document),
        ("err/namespace-path-missing.yaml", .semantic),
        ("err/path-not-expanded.yaml", .semantic),
        ("err/pidns-without-proc.yaml", .semantic),
        ("err/pids-limit-range.yaml", .shape),
        ("err/proc-without-pidns.yaml", .semantic),
        ("err/range.yaml", .shape),
        ("err/required-process.yaml", .shape),
        ("err/required.yaml", .shape),
        ("err/rlimit-duplicate.yaml", .semantic),
        ("err/rlimit-soft-above-hard.yaml", .semantic),
        ("err/sandbox-keeps-all-capabilities.yaml", .semantic),
        ("err/security-label-format.yaml", .semantic),
        ("err/size-in-json.json", .linterStricter(because: "one schema serves YAML and JSON: it allows size strings such as 256Mi, which only YAML specs may use")),
        ("err/size-syntax.yaml", .shape),
        ("err/sysctl-hostname.yaml", .semantic),
        ("err/sysctl-needs-namespace.yaml", .semantic),
        ("err/sysctl-not-namespaced.yaml", .semantic),
        ("err/throttle-rate-zero.yaml", .semantic),
        ("err/timeoffsets-without-timens.yaml", .semantic),
        ("err/too-deep.yaml", .document),
        ("err/too-many-nodes.yaml", .notRun(because: "check-jsonschema's YAML loader expands the alias bomb without limit and does not finish")),
        ("err/type.yaml", .shape),
        ("err/unclosed-quote.yaml", .document),
        ("err/undefined-alias.yaml", .document),
        ("err/unified-key.yaml", .shape),
        ("err/unknown-key.yaml", .shape),
        ("err/unknown-lint-rule.yaml", .semantic),
        ("err/unknown-mount-option.yaml", .semantic),
        ("err/unsupported-key.yaml", .shape),
        ("err/user-not-mapped.yaml", .semantic),
        ("err/userns-without-mapping.yaml", .semantic),
        ("err/yaml-syntax.yaml", .document),

        ("format/input.yaml", .shape),

        ("schema/valid/annotation-integer-key.yaml", .valid),
        ("schema/valid/cwd-root.yaml", .valid),
        ("schema/valid/empty-objects.yaml", .valid),
        ("schema/valid/env-empty-value.yaml", .valid),
        ("schema/valid/explicit-bool-tag.yaml", .valid),
        ("schema/valid/integer-notations.yaml", .valid),
        ("schema/valid/json-flow.yaml", .valid),
        ("schema/valid/namespace-forms.yaml", .valid),
        ("schema/valid/time-offsets-extremes.yaml", .valid),
        ("schema/valid/yaml12-boolean-spellings.yaml", .valid),

        ("schema/invalid/annotation-not-string.yaml", .shape),
        ("schema/invalid/cwd-backslash.yaml", .shape),
        ("schema/invalid/destination-relative.yaml", .shape),
        ("schema/invalid/env-without-equals.yaml", .shape),
        ("schema/invalid/env-without-name.yaml", .shape),
        ("schema/invalid/float-oci-version.yaml", .shape),
        ("schema/invalid/gids-not-a-list.yaml", .shape),
        ("schema/invalid/infinity-uid.yaml", .shape),
        ("schema/invalid/init-annotation-boolean.yaml", .shape),
        ("schema/invalid/init-annotation-word.yaml", .shape),
        ("schema/invalid/integer-boolean.yaml", .shape),
        ("schema/invalid/integer-with-exponent.yaml", .linterStricter(because: "JSON Schema counts 1000.0 as an integer; OCI runtimes (Go) refuse 1e3 for an ID")),
        ("schema/invalid/integer-with-underscore.yaml", .linterStricter(because: "1_000 is a string in YAML 1.2, but ruamel.yaml (check-jsonschema) reads the integer 1000")),
        ("schema/invalid/integer-written-as-float.yaml", .linterStricter(because: "JSON Schema counts 1.0 as an integer; OCI runtimes (Go) refuse 1.0 for an ID")),
        ("schema/invalid/list-as-key.yaml", .shape),
        ("schema/invalid/mapping-without-size.yaml", .shape),
        ("schema/invalid/mount-without-destination.yaml", .shape),
        ("schema/invalid/namespace-object-type-unknown.yaml", .shape),
        ("schema/invalid/namespace-object-unknown-key.yaml", .shape),
        ("schema/invalid/namespace-object-without-type.yaml", .shape),
        ("schema/invalid/namespace-type-case.yaml", .shape),
        ("schema/invalid/nanosecs-out-of-range.yaml", .shape),
        ("schema/invalid/negative-gid.yaml", .shape),
        ("schema/invalid/null-hostname.yaml", .shape),
        ("schema/invalid/number-hostname.yaml", .shape),
        ("schema/invalid/number-in-args.yaml", .shape),
        ("schema/invalid/process-not-an-object.yaml", .shape),
        ("schema/invalid/quoted-number.yaml", .shape),
        ("schema/invalid/root-without-path.yaml", .shape),
        ("schema/invalid/secs-out-of-range.yaml", .shape),
        ("schema/invalid/str-tag-boolean.yaml", .shape),
        ("schema/invalid/uid-too-large.yaml", .shape),
        ("schema/invalid/unsupported-linux-key.yaml", .shape),
        ("schema/invalid/yaml11-off.yaml", .shape),
        ("schema/invalid/yaml11-yes.yaml", .shape),
    ]

    static let corpusFolders = ["ok", "err", "schema/valid", "schema/invalid"]

    /// The example specs, as absolute paths: all valid, read as users run the linter (comments honoured).
    static var examples: [String] {
        let folder = Fixtures.repository + "/specs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter(SpecFile.isSpecName).sorted().map { folder + "/" + $0 }
    }

    static func ruleIDs(of path: String, honouringComments: Bool) -> Set<String> {
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        let folder = (path as NSString).deletingLastPathComponent
        let result = Linter.lint(bytes: bytes, file: path, baseDirectory: folder, honouringComments: honouringComments, readingHost: true)
        return Set(result.diagnostics.map(\.ruleID))
    }

    // MARK: - Without the validator

    @Test func everyFixtureIsClassifiedOnce() {
        let listed = Self.corpus.map(\.0)
        #expect(listed.count == Set(listed).count, "a fixture is listed twice")
        // format/ holds one spec beside its expected outputs (input.json is the json format's output).
        var onDisk = ["format/input.yaml"]
        for folder in Self.corpusFolders {
            onDisk += Fixtures.specs(in: folder).map { folder + "/" + $0 }
        }
        #expect(Set(onDisk).subtracting(listed).sorted() == [], "classify these fixtures in SchemaAgreementTests.corpus")
        #expect(Set(listed).subtracting(onDisk).sorted() == [], "these listed fixtures do not exist")
    }

    @Test func everyRuleIsShapeDocumentOrSemanticOnce() {
        let groups = [Self.shapeRules, Self.partlyShapeRules, Self.documentRules, Self.semanticRules]
        let all = Set(LintRuleID.allCases.map(\.rawValue))
        #expect(groups.reduce(0) { $0 + $1.count } == all.count, "a rule is in two groups, or missing")
        #expect(groups.reduce(Set<String>()) { $0.union($1) } == all)
    }

    /// Each fixture shows what its kind says: shape fixtures a shape rule, semantic fixtures only other rules.
    @Test func theLinterFindsWhatEachFixtureKindSays() {
        let shapeish = Self.shapeRules.union(Self.partlyShapeRules)
        for (name, kind) in Self.corpus {
            let rules = Self.ruleIDs(of: Fixtures.directory + "/" + name, honouringComments: false)
            switch kind {
            case .valid:
                #expect(rules == [], "\(name)")
            case .shape, .linterStricter:
                #expect(!rules.isDisjoint(with: shapeish), "\(name): no shape rule in \(rules.sorted())")
            case .document:
                #expect(!rules.isDisjoint(with: Self.documentRules), "\(name): no document rule in \(rules.sorted())")
            case .semantic:
                #expect(!rules.isEmpty, "\(name)")
                #expect(rules.isDisjoint(with: Self.shapeRules.union(Self.documentRules)), "\(name): \(rules.sorted())")
            case .notRun:
                #expect(!rules.isEmpty, "\(name)")
            }
        }
        #expect(Self.examples.count >= 8)
        for path in Self.examples {
            #expect(Self.ruleIDs(of: path, honouringComments: true) == [], "\(path)")
        }
    }

    // MARK: - With check-jsonschema

    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let validatorAvailable = (try? CheckJSONSchema.run(["--version"]).status) == 0
    static let missingInCI = "CI=true but `python3 -m check_jsonschema --version` fails (.build/pyenv, or python3 on PATH): install it with scripts/install-deps.sh test"

    @Test(.enabled(if: validatorAvailable || inCI, "needs check-jsonschema (pip install check-jsonschema); with CI=true its absence fails"))
    func theSchemaIsValidDraft07() throws {
        try #require(Self.validatorAvailable, Comment(rawValue: Self.missingInCI))
        let run = try CheckJSONSchema.run(["--check-metaschema", SchemaTests.schemaPath])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test(.enabled(if: validatorAvailable || inCI, "needs check-jsonschema (pip install check-jsonschema); with CI=true its absence fails"))
    func checkJSONSchemaAndTheLinterAgree() throws {
        try #require(Self.validatorAvailable, Comment(rawValue: Self.missingInCI))
        var expected: [String: Kind] = [:]
        for (name, kind) in Self.corpus {
            if case .notRun = kind { continue }
            expected[Fixtures.directory + "/" + name] = kind
        }
        for path in Self.examples { expected[path] = .valid }
        // Files it cannot load are checked one per run: after a DuplicateKeyError, ruamel.yaml (0.19.1, under
        // check-jsonschema 0.39.0) keeps parser state, and the next file of the same run fails with the last one's keys.
        let documents = expected.filter { $0.value == .document }.keys.sorted()
        var verdicts = try CheckJSONSchema.validate(expected.keys.filter { expected[$0] != .document }.sorted(), schema: SchemaTests.schemaPath)
        for path in documents {
            verdicts.merge(try CheckJSONSchema.validate([path], schema: SchemaTests.schemaPath)) { _, new in new }
        }

        var disagreements: [String] = []
        for (path, kind) in expected.sorted(by: { $0.key < $1.key }) {
            guard let schemaValid = verdicts[path] else {
                disagreements.append("\(path): check-jsonschema said nothing about it")
                continue
            }
            let wanted: Bool
            switch kind {
            case .valid, .semantic, .linterStricter: wanted = true
            case .shape, .document: wanted = false
            case .notRun: continue
            }
            if schemaValid != wanted {
                disagreements.append("\(path) (\(kind)): the schema says \(schemaValid ? "valid" : "invalid")")
            }
        }
        #expect(disagreements == [])
        #expect(verdicts.count == expected.count)
    }
}

/// Runs `python3 -m check_jsonschema` (the python3 on PATH).
enum CheckJSONSchema {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The virtual environment of scripts/install-deps.sh: `.build/pyenv` of this repository.
    static let venvPython = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/pyenv/bin/python3").path

    /// A run that has not finished after this long is stopped (and fails the test) rather than hanging it.
    static let watchdogSeconds = 300.0

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        // scripts/install-deps.sh puts it in a virtual environment under the build folder; else python3 on PATH.
        if FileManager.default.isExecutableFile(atPath: Self.venvPython) {
            process.executableURL = URL(fileURLWithPath: Self.venvPython)
            process.arguments = ["-m", "check_jsonschema"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "check_jsonschema"] + arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let stderrPath = NSTemporaryDirectory() + "/mydocker-check-jsonschema-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err"
        guard FileManager.default.createFile(atPath: stderrPath, contents: nil), let stderrFile = FileHandle(forWritingAtPath: stderrPath) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: stderrPath])
        }
        defer {
            try? stderrFile.close()
            try? FileManager.default.removeItem(atPath: stderrPath)
        }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = stderrFile
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning { process.terminate() }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + watchdogSeconds, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let stderr = FileManager.default.contents(atPath: stderrPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: stderr)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Validates the files in one run; for each file, whether the schema accepts it (a file that cannot be
    /// loaded counts as refused).
    static func validate(_ paths: [String], schema: String) throws -> [String: Bool] {
        let run = try run(["--schemafile", schema, "--output-format", "json", "--verbose"] + paths)
        // 0: every file is valid, 1: some are not; anything else is the tool failing.
        guard run.status == 0 || run.status == 1,
              let report = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw Failure(description: "check-jsonschema exited \(run.status): \(run.stdout)\(run.stderr)")
        }
        var verdicts: [String: Bool] = [:]
        // The tool names the files it accepted `checked_paths` when all are valid, `successes` otherwise.
        for key in ["checked_paths", "successes"] {
            for path in (report[key] as? [String]) ?? [] { verdicts[path] = true }
        }
        for key in ["errors", "parse_errors"] {
            for entry in (report[key] as? [[String: Any]]) ?? [] {
                if let path = entry["filename"] as? String { verdicts[path] = false }
            }
        }
        return verdicts
    }
}
