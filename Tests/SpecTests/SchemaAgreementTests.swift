import Foundation
import Testing
@testable import Spec

/// A real JSON Schema validator (Python's jsonschema, as check-jsonschema uses) and the linter agree on which
/// fixtures and example specs are valid, for the problems a schema can see.
@Suite struct SchemaAgreementTests {
    static let validatorAvailable: Bool = (try? run(["-c", "import jsonschema, yaml"]).status) == 0

    /// Rules whose findings a JSON Schema also reports (shape, and the patterns and minimums the schema carries).
    static let schemaVisible: Set<String> = [
        "unknown-key", "type", "range", "enum", "required", "unsupported-key", "invalid-annotation",
        "args-empty", "cwd-relative", "env-malformed", "mount-destination-relative", "mapping-zero-size",
    ]

    /// Findings a YAML 1.1 loader hides or cannot get past: those files are left out of the comparison.
    static let notComparable: Set<String> = [
        "yaml-syntax", "empty-file", "multiple-documents", "too-deep", "too-many-nodes", "duplicate-key", "input-too-large",
        // The schema refuses `args: []` but cannot say that args[0] must not be "" without refusing every "".
        "args-empty",
    ]

    static let script = """
    import json, sys, yaml, jsonschema
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft7Validator(schema)
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
            print(path + "\\t" + ("valid" if validator.is_valid(document) else "invalid"))
        except Exception as e:
            print(path + "\\t" + type(e).__name__ + ": " + str(e).replace("\\n", " "))
    """

    struct Output {
        var status: Int32
        var stdout: String
    }

    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        // The python3 found on PATH (a virtual environment's, when one is active).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: validatorAvailable, "needs python3 with jsonschema and PyYAML (pip install check-jsonschema)"))
    func schemaAndLinterAgreeOnEveryComparableSpec() throws {
        var linterSaysValid: [String: Bool] = [:]
        let folders = [(Fixtures.directory + "/ok", Fixtures.specs(in: "ok")), (Fixtures.directory + "/err", Fixtures.specs(in: "err")),
                       (Fixtures.directory + "/format", ["input.yaml"])]
        let examples = ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.repository + "/specs")) ?? []).filter(SpecFile.isSpecName)
        for (folder, names) in folders + [(Fixtures.repository + "/specs", examples)] {
            for name in names {
                let path = folder + "/" + name
                let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
                let result = Linter.lint(bytes: bytes, file: path, baseDirectory: folder, honouringComments: false)
                let rules = Set(result.diagnostics.map(\.ruleID))
                guard rules.isDisjoint(with: Self.notComparable) else { continue }
                linterSaysValid[path] = rules.isDisjoint(with: Self.schemaVisible)
            }
        }
        #expect(linterSaysValid.count > 40)
        let output = try Self.run(["-c", Self.script, SchemaTests.schemaPath] + linterSaysValid.keys.sorted())
        #expect(output.status == 0)
        var disagreements: [String] = []
        var checked = 0
        for line in output.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let linter = linterSaysValid[String(parts[0])] else { continue }
            checked += 1
            let schema = parts[1] == "valid"
            if schema != linter { disagreements.append("\(parts[0]): schema says \(parts[1]), linter says \(linter ? "valid" : "invalid")") }
        }
        #expect(checked == linterSaysValid.count)
        #expect(disagreements == [])
    }
}
