import Foundation
import Testing
@testable import Spec

/// `.mydocker-lint.yaml`: reading it, its errors, and finding it above a path.
@Suite struct LintConfigTests {
    static func parse(_ text: String) throws(LintConfig.Error) -> LintConfig {
        try LintConfig.parse(Array(text.utf8), path: "c.yaml", directory: "/repo")
    }

    @Test func includeExcludeAndDisable() throws {
        let config = try Self.parse("include: [specs/, deploy/**/*.yaml]\nexclude: \"*.schema.json\"\ndisable: [loop-image-missing]\n")
        #expect(config.include.map(\.pattern) == ["specs/", "deploy/**/*.yaml"])
        #expect(config.exclude.map(\.pattern) == ["*.schema.json"])
        #expect(config.disable == ["loop-image-missing"])
        #expect(config.takes("specs/web.yaml", isDirectory: false))
        #expect(config.takes("deploy/a/b.yaml", isDirectory: false))
        #expect(!config.takes("schema/x.yaml", isDirectory: false))
        #expect(!config.takes("specs/x.schema.json", isDirectory: false))
        #expect(config.takes("schema", isDirectory: true))
    }

    @Test(arguments: ["", "# nothing\n", "~\n"])
    func anEmptyConfigurationTakesEverything(text: String) throws {
        let config = try Self.parse(text)
        #expect(config.include == [] && config.exclude == [] && config.disable == [])
        #expect(config.takes("anything.yaml", isDirectory: false))
    }

    @Test(arguments: [
        ("includ: [x]\n", "c.yaml:1:1: unknown key `includ` in the lint configuration; expected include, exclude or disable; did you mean `include`?"),
        ("disable: [loop-image-mising]\n", "c.yaml:1:11: unknown rule `loop-image-mising` in `disable`; did you mean `loop-image-missing`?"),
        ("include: {a: b}\n", "c.yaml:1:10: `include` must be a list of strings"),
        ("exclude: [\"/\"]\n", "c.yaml:1:11: `/` in `exclude` matches no path"),
        ("- specs\n", "c.yaml:1:1: the lint configuration must be a mapping of include, exclude and disable"),
        ("include: [a\n", "c.yaml:1:10: this `[` is never closed: did not find expected ',' or ']'"),
    ])
    func mistakesAreErrorsWithTheirPlace(text: String, message: String) {
        #expect(throws: LintConfig.Error.self) { try Self.parse(text) }
        do { _ = try Self.parse(text) } catch { #expect(error.description == message) }
    }

    /// Found by walking up from the linted folder, and never above the repository's root.
    @Test func foundAboveButNotPastTheRepositorysRoot() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mydocker-config-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/repo/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/repo/a/b", withIntermediateDirectories: true)
        try "include: [specs/]\n".write(toFile: base + "/.mydocker-lint.yaml", atomically: true, encoding: .utf8)
        #expect(try LintConfig.find(from: base + "/repo/a/b") == nil)
        try "exclude: [b]\n".write(toFile: base + "/repo/.mydocker-lint.yml", atomically: true, encoding: .utf8)
        let found = try #require(try LintConfig.find(from: base + "/repo/a/b"))
        #expect(found.directory == base + "/repo")
        #expect(found.exclude.map(\.pattern) == ["b"])
    }
}
