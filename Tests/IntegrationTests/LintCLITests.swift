import Foundation
import Testing
import Spec

/// Runs the built `mydocker lint` (the `mydocker` beside the test bundle in .build/debug) on the lint fixtures
/// and compares the full output and the exit status.
@Suite struct LintCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpecTests/Fixtures").path

    static func lint(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], through tty: Bool = false) throws -> ProcessOutput {
        var changes: [String: String?] = ["NO_COLOR": nil]
        for (key, value) in environment { changes[key] = value }
        var command = [MyDockerBinary.path, "lint"] + arguments
        if tty {
            // script(1) gives the command a pseudo-terminal as standard output.
            command = ["/usr/bin/script", "-qec", command.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        }
        return try ProcessRunner.run(command, environment: ProcessRunner.inheritedEnvironment(changing: changes), directory: fixtures, stdin: stdin)
    }

    static func specs(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
    }

    static func golden(_ spec: String) -> String {
        let path = fixtures + "/" + (spec as NSString).deletingPathExtension + ".out"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(missing \(path))"
    }

    /// The rule the Seccomp module checks with libseccomp, placed and silenced as any other by the built binary.
    @Test func anUnknownSystemCallNameIsAWarningWithTheNearestName() throws {
        let spec = "process:\n  args: [/bin/true]\nlinux:\n  seccomp:\n    defaultAction: SCMP_ACT_ERRNO\n    syscalls:\n      - names: [read, opnat]\n        action: SCMP_ACT_ALLOW\n"
        let run = try Self.lint(["-"], stdin: spec)
        #expect(run.status == 0)
        #expect(run.stdout == "<stdin>:7:16: warning: `linux.seccomp.syscalls[0].names`: `opnat` is not a system call libseccomp 2.5.4 knows: "
                + "the filter leaves it out; did you mean `openat`? [seccomp-unknown-syscall]\n      - names: [read, opnat]\n               ^\n", "\(run)")
        let silenced = try Self.lint(["-"], stdin: "# mydocker-lint disable-file=seccomp-unknown-syscall\n" + spec)
        #expect(silenced.stdout == "" && silenced.status == 0, "\(silenced)")
    }

    @Test func theBinaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: MyDockerBinary.path), "build mydocker first: swift build")
    }

    @Test(arguments: specs(in: "err"))
    func eachBadSpecPrintsItsGoldenAndExitsByItsWorstSeverity(name: String) throws {
        let run = try Self.lint(["err/" + name])
        let expected = Self.golden("err/" + name)
        #expect(run.stdout == expected)
        let hasError = expected.contains(": error: ")
        #expect(run.status == (hasError ? 1 : 0))
        #expect(run.stderr.hasSuffix(" in 1 file\n"))
    }

    @Test func aFolderIsSearchedRecursivelyInNameOrder() throws {
        // Without the repository's .mydocker-lint.yaml, which leaves these fixtures out: they are wrong on purpose.
        let run = try Self.lint(["--no-config", "err"])
        let names = Self.specs(in: "err")
        #expect(run.stdout == names.map { Self.golden("err/" + $0) }.joined())
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix(" in \(names.count) files\n"))
    }

    @Test func goodSpecsPrintNothingAndExitZero() throws {
        let run = try Self.lint(["ok", "ok/minimal.yaml"])
        #expect(run.stdout == "")
        #expect(run.stderr == "")
        #expect(run.status == 0)
    }

    @Test func standardInputIsReadForDash() throws {
        let text = try String(contentsOfFile: Self.fixtures + "/err/cwd-relative.yaml", encoding: .utf8)
        let run = try Self.lint(["-"], stdin: text)
        #expect(run.stdout == Self.golden("err/cwd-relative.yaml").replacingOccurrences(of: "err/cwd-relative.yaml", with: "<stdin>"))
        #expect(run.stderr == "1 error, 0 warnings in 1 file\n")
        #expect(run.status == 1)
    }

    @Test func strictMakesWarningsFail() throws {
        let plain = try Self.lint(["err/duplicate-mount-destination.yaml"])
        let strict = try Self.lint(["--strict", "err/duplicate-mount-destination.yaml"])
        #expect(plain.status == 0)
        #expect(strict.status == 1)
        #expect(strict.stdout == plain.stdout)
        #expect(plain.stderr == "0 errors, 1 warning in 1 file\n")
    }

    @Test(arguments: [("json", "json"), ("sarif", "sarif"), ("github", "github"), ("text", "txt")])
    func formatsMatchTheirGoldens(format: String, ext: String) throws {
        let run = try Self.lint(["--format", format, "format/input.yaml"])
        let golden = try String(contentsOfFile: Self.fixtures + "/format/input." + ext, encoding: .utf8)
        #expect(run.stdout == golden)
        #expect(run.status == 1)
    }

    @Test func anEmptyJSONReportIsAnEmptyArray() throws {
        let run = try Self.lint(["--format", "json", "ok/minimal.yaml"])
        #expect(run.stdout == "[]\n")
        #expect(run.status == 0)
    }

    /// As plan, check and apply refuse a spec they cannot read: one line, status 125 (SpecInputCLITests).
    @Test func anUnreadablePathIsRefusedNamingThePathAndTheReason() throws {
        let run = try Self.lint(["err/cwd-relative.yaml", "no/such/spec.yaml"])
        #expect(run.stdout == Self.golden("err/cwd-relative.yaml"))
        #expect(run.stderr == "mydocker lint: cannot read no/such/spec.yaml: No such file or directory\n1 error, 0 warnings in 1 file\n")
        #expect(run.status == 125)
    }

    @Test func noPathIsAUsageErrorExiting125() throws {
        let message = "mydocker lint: give at least one PATH: a spec file, a folder, or - for standard input\n"
        let run = try Self.lint([])
        #expect(run.status == 125)
        #expect(run.stderr.hasPrefix(message + "Usage: mydocker lint"))
        #expect(run.stdout == "")
    }

    /// The argument parser's own errors (an unknown option, a missing value) are usage errors too: exit 125, with
    /// its message and the usage.
    @Test(arguments: [
        (["--no-such-flag", "specs/"], "mydocker lint: Unknown option '--no-such-flag'\n"),
        (["ok", "--format"], "mydocker lint: Missing value for '--format <format>'\n"),
        (["--strcit", "ok"], "mydocker lint: Unknown option '--strcit'. Did you mean '--strict'?\n"),
        (["--format", "xml", "ok"], "mydocker lint: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'sarif' or 'github'.\n"),
        (["--color", "sometimes", "ok"], "mydocker lint: The value 'sometimes' is invalid for '--color <when>'. Please provide one of 'auto', 'always' or 'never'.\n"),
    ])
    func argumentParserUsageErrorsExit125(arguments: [String], message: String) throws {
        let run = try Self.lint(arguments)
        #expect(run.status == 125)
        #expect(run.stderr.hasPrefix(message))
        #expect(run.stderr.contains("\nUsage: mydocker lint "))
        #expect(run.stdout == "")
    }

    @Test func helpIsNotAnError() throws {
        let run = try Self.lint(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: mydocker lint"))
        #expect(run.stderr == "")
    }

    @Test func colourOnlyWhenAskedOrOnATerminalWithoutNoColor() throws {
        let esc = "\u{1B}["
        #expect(try !Self.lint(["err/cwd-relative.yaml"]).stdout.contains(esc))
        #expect(try Self.lint(["--color", "always", "err/cwd-relative.yaml"]).stdout.contains(esc + "1;31merror"))
        #expect(try Self.lint(["--color", "always", "err/cwd-relative.yaml"], environment: ["NO_COLOR": "1"]).stdout.contains(esc))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pseudo-terminal"))
    func aTerminalGetsColourUnlessNoColorIsSet() throws {
        let esc = "\u{1B}["
        let coloured = try Self.lint(["err/cwd-relative.yaml"], environment: ["TERM": "xterm"], through: true)
        #expect(coloured.stdout.contains(esc + "1;31merror" + esc + "0m"))
        #expect(coloured.status == 1)
        let plain = try Self.lint(["err/cwd-relative.yaml"], environment: ["TERM": "xterm", "NO_COLOR": "1"], through: true)
        #expect(!plain.stdout.contains(esc))
        #expect(plain.stdout.contains("error: `process.cwd` `home/user` must be an absolute path"))
    }

    @Test func listRulesPrintsEveryRule() throws {
        let run = try Self.lint(["--list-rules"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("block-fs-needs-loop\terror\tA block file system type whose source is a regular file, without the loop option.\n"))
        #expect(run.stdout.split(separator: "\n").count == Linter.rules.count)
    }
}
