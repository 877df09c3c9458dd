import Testing
@testable import Spec

/// Patterns as .gitignore writes them.
@Suite struct PathGlobTests {
    static func matches(_ pattern: String, _ path: String, directory: Bool = false) -> Bool {
        PathGlob(pattern)?.matches(path, isDirectory: directory) == true
    }

    @Test(arguments: [
        ("*.json", "schema/mydocker-spec.schema.json"), ("*.json", "a.json"), ("schema", "schema/x.json"),
        ("schema/", "schema/x.json"), ("/schema", "schema/x.json"), ("specs/**/*.yaml", "specs/a/b/c.yaml"),
        ("specs/**/*.yaml", "specs/c.yaml"), ("**/ci/*.yml", "x/y/ci/build.yml"), ("specs/", "specs/web.yaml"),
        ("Tests/*/Fixtures/err", "Tests/SpecTests/Fixtures/err/type.yaml"), ("[ab].yaml", "x/b.yaml"), ("?.yml", "q.yml"),
        ("./specs", "specs/a.yaml"), ("specs/**", "specs/a/b.yaml"),
    ])
    func matching(pattern: String, path: String) {
        #expect(Self.matches(pattern, path), "\(pattern) \(path)")
    }

    @Test(arguments: [
        ("*.json", "a.yaml"), ("/schema", "x/schema/a.json"), ("specs/*.yaml", "specs/a/b.yaml"), ("schema/", "schema"),
        ("specs", "myspecs/a.yaml"), ("s*s/a.yaml", "x/specs/a.yaml"), ("a/**/b", "a/x"),
    ])
    func notMatching(pattern: String, path: String) {
        #expect(!Self.matches(pattern, path), "\(pattern) \(path)")
    }

    @Test func aTrailingSlashMatchesFoldersOnly() {
        #expect(Self.matches("build/", "build", directory: true))
        #expect(!Self.matches("build/", "build"))
    }

    @Test func aPatternOfNothingIsRefused() {
        #expect(PathGlob("") == nil)
        #expect(PathGlob("//") == nil)
    }
}
