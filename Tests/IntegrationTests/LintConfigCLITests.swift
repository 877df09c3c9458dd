import Foundation
import Testing

/// `mydocker lint` in a real repository: the .mydocker-lint.yaml found above the path, --exclude, --force-exclude,
/// and the pre-commit hook's default.
@Suite struct LintConfigCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func lint(_ arguments: [String], in directory: String) throws -> ProcessOutput {
        try ProcessRunner.run([MyDockerBinary.path, "lint"] + arguments,
                              environment: ProcessRunner.inheritedEnvironment(changing: ["NO_COLOR": nil]), directory: directory)
    }

    /// A repository with specs and files that are not: a JSON Schema, a CI configuration, a workflow.
    static func repository(config: String?) throws -> Scratch {
        let scratch = try Scratch()
        try scratch.makeDirectory(".git")
        try scratch.makeDirectory("specs/old")
        try scratch.makeDirectory("schema")
        try scratch.makeDirectory("ci")
        try scratch.write("specs/web.yaml", "process:\n  args: [/bin/true]\n  cwd: relative\n")
        try scratch.write("specs/old/legacy.yaml", "process:\n  args: [/bin/true]\n  cwd: old\n")
        try scratch.write("schema/spec.schema.json", "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}\n")
        try scratch.write("ci/build.yml", "jobs:\n  test: {runs-on: ubuntu-latest}\n")
        if let config { try scratch.write(".mydocker-lint.yaml", config) }
        return scratch
    }

    static func files(_ run: ProcessOutput) -> [String] {
        Array(Set(run.stdout.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
            .map { String($0.prefix { $0 != ":" }) })).sorted()
    }

    @Test func thisRepositoryLintsCleanFromItsRoot() throws {
        let run = try Self.lint(["."], in: Self.repository)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "")
    }

    @Test func withoutAConfigurationEveryYAMLAndJSONFileIsLinted() throws {
        let repo = try Self.repository(config: nil)
        let run = try Self.lint(["."], in: repo.path)
        #expect(Self.files(run) == ["./ci/build.yml", "./schema/spec.schema.json", "./specs/old/legacy.yaml", "./specs/web.yaml"])
    }

    @Test func theConfigurationSaysWhichFilesAreSpecs() throws {
        let repo = try Self.repository(config: "include: [specs/]\nexclude: [specs/old/]\n")
        let run = try Self.lint(["."], in: repo.path)
        #expect(Self.files(run) == ["./specs/web.yaml"], "\(run)")
        #expect(run.status == 1)
        // Found by walking up from a folder inside the repository.
        let inside = try Self.lint(["."], in: repo.path + "/specs")
        #expect(Self.files(inside) == ["./web.yaml"], "\(inside)")
    }

    @Test func aFileNamedOnTheCommandLineIsLintedUnlessForceExclude() throws {
        let repo = try Self.repository(config: "include: [specs/]\n")
        let named = try Self.lint(["ci/build.yml"], in: repo.path)
        #expect(Self.files(named) == ["ci/build.yml"])
        #expect(named.status == 1)
        let forced = try Self.lint(["--force-exclude", "ci/build.yml", "specs/web.yaml"], in: repo.path)
        #expect(Self.files(forced) == ["specs/web.yaml"], "\(forced)")
    }

    @Test func excludeOnTheCommandLine() throws {
        let repo = try Self.repository(config: nil)
        let run = try Self.lint([".", "--exclude", "*.json", "--exclude", "ci", "--exclude", "specs/old/**"], in: repo.path)
        #expect(Self.files(run) == ["./specs/web.yaml"], "\(run)")
    }

    @Test func noConfigLintsEverything() throws {
        let repo = try Self.repository(config: "include: [specs/]\n")
        let run = try Self.lint(["--no-config", "."], in: repo.path)
        #expect(Self.files(run).count == 4, "\(run)")
    }

    @Test func disableSilencesARuleInEveryFile() throws {
        let repo = try Self.repository(config: "include: [specs/]\ndisable: [cwd-relative]\n")
        let run = try Self.lint(["."], in: repo.path)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "")
    }

    @Test func aBrokenConfigurationIsAnErrorThatNamesItsLine() throws {
        let repo = try Self.repository(config: "include: [specs/]\nexlude: [ci/]\n")
        let run = try Self.lint(["."], in: repo.path)
        #expect(run.status == 125)
        #expect(run.stderr.hasSuffix(".mydocker-lint.yaml:2:1: unknown key `exlude` in the lint configuration; expected include, exclude or disable; did you mean `exclude`?\n"), "\(run)")
        let given = try Self.lint(["--config", repo.path + "/specs/web.yaml", "."], in: repo.path)
        #expect(given.status == 125)
        #expect(given.stderr.contains("unknown key `process` in the lint configuration"))
    }

    /// The hook's default takes specs folders and bundles' config.json, never pre-commit's own configuration or
    /// workflows (pre-commit searches the pattern with Python's re, which reads it as ICU does here).
    @Test func thePreCommitHookTakesOnlySpecsByDefault() throws {
        let hooks = try String(contentsOfFile: Self.repository + "/.pre-commit-hooks.yaml", encoding: .utf8)
        let line = try #require(hooks.split(separator: "\n").first { $0.hasPrefix("  files: ") })
        let pattern = try NSRegularExpression(pattern: String(line.dropFirst("  files: ".count)))
        func takes(_ path: String) -> Bool {
            pattern.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        for spec in ["specs/web.yaml", "deploy/specs/db.yml", "bundle/config.json", "spec/a.json", "specs/a/b.yaml"] {
            #expect(takes(spec), "\(spec)")
        }
        for other in [".pre-commit-config.yaml", ".github/workflows/ci.yml", "schema/mydocker-spec.schema.json",
                      ".pre-commit-hooks.yaml", "docker-compose.yaml", "specs.yaml", "myspecs/a.yaml"] {
            #expect(!takes(other), "\(other)")
        }
        #expect(hooks.contains("  entry: mydocker lint --force-exclude\n"))
    }
}
