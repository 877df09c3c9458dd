import Foundation
import Glibc
import Testing

/// Hostile input through the built `mydocker lint`: it costs what its size costs, in every output format, never
/// waits on what is not a regular file, and never writes the input's control characters to the terminal. Each
/// run has timeout(1) as a guard far above what it takes (124 when it fires).
@Suite struct LintHostileCLITests {
    static let formats = ["text", "json", "sarif", "github"]

    static func lint(_ arguments: [String], in directory: String? = nil, stdin: String? = nil) throws -> ProcessOutput {
        try ProcessRunner.run(["/usr/bin/timeout", "20", MyDockerBinary.path, "lint"] + arguments,
                              environment: ProcessRunner.inheritedEnvironment(changing: ["NO_COLOR": nil]), directory: directory, stdin: stdin)
    }

    @Test func aFIFONamedLikeASpecInAFolderIsSkipped() throws {
        let scratch = try Scratch()
        try scratch.write("good.yaml", "process: {args: [/bin/true]}\n")
        #expect(mkfifo(scratch.path + "/pipe.yaml", 0o644) == 0)
        let run = try Self.lint([scratch.path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "" && run.stderr == "")
    }

    @Test func aFIFONamedOnTheCommandLineIsAnErrorNotAWait() throws {
        let scratch = try Scratch()
        #expect(mkfifo(scratch.path + "/pipe.yaml", 0o644) == 0)
        let run = try Self.lint([scratch.path + "/pipe.yaml"])
        #expect(run.status == 125, "\(run)")
        #expect(run.stderr == "mydocker lint: cannot read \(scratch.path)/pipe.yaml: it is a FIFO, not a regular file\n")
        let device = try Self.lint(["/dev/zero"])
        #expect(device.stderr == "mydocker lint: cannot read /dev/zero: it is a character device, not a regular file\n")
    }

    /// What a format prints for a file with no problems (SARIF lists every rule).
    static func emptyOutput(_ format: String) throws -> Int {
        try lint(["--format", format, "-"], stdin: "process: {args: [/bin/true]}\n").stdoutData.count
    }

    /// 190 KB of problems: 11,000 env entries that are not NAME=value, each its own diagnostic before.
    @Test(arguments: formats)
    func outputIsBoundedWhateverTheNumberOfProblems(format: String) throws {
        let text = "process:\n  args: [/bin/true]\n  env:\n" + String(repeating: "    - NOT-A-PAIR\n", count: 11_000)
        #expect(text.utf8.count < 200_000)
        let run = try Self.lint(["--format", format, "-"], stdin: text)
        #expect(run.status == 1)
        let empty = try Self.emptyOutput(format)
        #expect(run.stdoutData.count < empty + 20_000, "\(run.stdoutData.count) bytes")
        #expect(run.stdout.contains("10980 more problems of this rule from here on, not shown"))
    }

    /// A 100 KB string repeated through aliases: refused by what the copies would weigh, in a line of output.
    @Test(arguments: formats)
    func aLongScalarRepeatedByAliasesIsRefusedCheaply(format: String) throws {
        let text = "a: &a \"" + String(repeating: "x", count: 100_000) + "\"\nprocess:\n  args: [/bin/true]\n  env: ["
            + Array(repeating: "*a", count: 1000).joined(separator: ",") + "]\n"
        let run = try Self.lint(["--format", format, "-"], stdin: text)
        #expect(run.status == 1)
        let empty = try Self.emptyOutput(format)
        #expect(run.stdoutData.count < empty + 1000, "\(run.stdoutData.count) bytes")
        #expect(run.stdout.contains("aliases stand for more than 1 MiB of text"))
    }

    /// A directive inside a string that is never closed silences nothing: the file does not parse, exit 1.
    @Test func textInAStringIsNotADirective() throws {
        let run = try Self.lint(["-"], stdin: "process:\n  args: [/bin/true]\n  cwd: \"/ # mydocker-lint disable-file=yaml-syntax\nfoo: [\n")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("<stdin>:3:8: error: this quoted string is never closed"), "\(run)")
    }

    /// ESC, BEL and CSI from a value and from a file's name: never raw on the terminal, in any format.
    @Test(arguments: formats)
    func controlCharactersAreEscaped(format: String) throws {
        let scratch = try Scratch()
        try scratch.write("e\u{1B}]0;title\u{07}.yaml", "process:\n  args: [/bin/true]\n  env: [\"\\e[2J\\a\\x9b\"]\n")
        let run = try Self.lint(["--format", format, scratch.path])
        #expect(run.status == 1)
        let raw = run.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(raw.isEmpty, "\(run)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
