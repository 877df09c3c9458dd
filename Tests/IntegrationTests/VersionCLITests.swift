import Foundation
import Testing

/// `mydocker --version`: the version the build was stamped with (scripts/version.sh through Package.swift), which
/// names a commit of this repository, not a constant.
@Suite("mydocker --version (the built binary)")
struct VersionCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let inGitCheckout = FileManager.default.fileExists(atPath: repository + "/.git")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    /// The version `mydocker --version` prints, without its words.
    static func version() throws -> String {
        let run = try MyDockerBinary.run(["--version"])
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        let prefix = "mydocker version "
        try #require(run.stdout.hasPrefix(prefix) && run.stdout.hasSuffix("\n"), "\(run)")
        return String(run.stdout.dropFirst(prefix.count).dropLast())
    }

    @Test(.enabled(if: inGitCheckout, "needs git and a git checkout of mydocker"))
    func theVersionNamesACommitOfThisRepository() throws {
        var version = try Self.version()
        #expect(!version.contains("unknown"))
        if version.hasSuffix("-dirty") { version.removeLast("-dirty".count) }
        // `v1.2.0-5-gCOMMIT` names COMMIT; a tag or a commit alone names itself.
        let object = version.range(of: "-g", options: .backwards).map { String(version[$0.upperBound...]) } ?? version
        let check = try ProcessRunner.run(["/usr/bin/git", "-C", Self.repository, "cat-file", "-e", object + "^{commit}"])
        #expect(check.status == 0, "`\(version)` names no commit of \(Self.repository): \(check)")
    }

    @Test func everyCommandPrintsTheSameVersion() throws {
        let version = try Self.version()
        for command in ["lint", "ps", "apply"] {
            let run = try MyDockerBinary.run([command, "--version"])
            #expect(run.stdout == "mydocker version \(version)\n" && run.status == 0, "\(command): \(run)")
        }
    }
}
