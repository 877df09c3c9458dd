import Foundation
import Testing

/// mydocker(1), generated from the command table (`mydocker __manual`, which `make man` writes): groff formats it
/// without a warning, and it has a part for every command the help lists.
@Suite struct ManPageTests {
    static let groff = "/usr/bin/groff"

    static func page() throws -> (source: String, path: String, dir: Scratch) {
        let run = try StateCLI.run(["__manual"])
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        let dir = try Scratch(prefix: "mydocker-man")
        return (run.stdout, try dir.write("mydocker.1", run.stdout), dir)
    }

    @Test func everyListedCommandHasItsPart() throws {
        let (source, _, _) = try Self.page()
        #expect(source.contains("\n.TH \"MYDOCKER\" 1 "))
        let listed = try CompletionCLITests.listed()
        for name in listed { #expect(source.contains("\n.SS \"mydocker \(name)\"\n"), "\(name)") }
        #expect(!source.contains(".SS \"mydocker monitor\"") && !source.contains(".SS \"mydocker __"))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"] {
            #expect(source.contains("\n.SH \"\(section)\"\n") || source.contains("\n.SH \(section)\n"), "\(section)")
        }
    }

    @Test(.enabled(if: CompletionCLITests.needed(groff), "needs groff (scripts/install-deps.sh installs groff-base); with CI=true its absence fails"))
    func groffFormatsItWithoutAWarning() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.groff), "no groff: run scripts/install-deps.sh test")
        let (_, path, dir) = try Self.page()
        let checked = try ProcessRunner.run([Self.groff, "-man", "-Tutf8", "-ww", "-z", path])
        #expect(checked == ProcessOutput(status: 0, stdout: "", stderr: ""))
        let text = try ProcessRunner.run([Self.groff, "-man", "-Tascii", "-P-c", "-P-b", "-P-u", path]).stdout
        #expect(text.contains("--format format"), "\(text)")
        #expect(text.contains("values: text, json, sarif, github"))
        withExtendedLifetime(dir) {}
    }
}
