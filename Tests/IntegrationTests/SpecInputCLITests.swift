import Foundation
import Glibc
import Testing

/// A spec that cannot be read, or is not YAML, gets one message and one exit status from every command that reads
/// one (docker's 125, as for any failure of mydocker's own), and every error line begins `mydocker COMMAND: `.
@Suite("One behaviour everywhere: unreadable specs and error lines")
struct SpecInputCLITests {
    static let commands = ["lint", "plan", "check", "apply"]

    @Test(arguments: commands)
    func aMissingSpecIsOneLineAndExits125(command: String) throws {
        let dir = try Scratch(prefix: "mydocker-input")
        let missing = dir.path + "/nope.yaml"
        let run = try StateCLI.run([command, missing])
        #expect(run == ProcessOutput(status: 125, stdout: "",
                                     stderr: "mydocker \(command): cannot read \(missing): No such file or directory\n"))
    }

    /// (lint searches a folder for specs.)
    @Test(arguments: ["plan", "check", "apply"])
    func aFolderIsNotASpec(command: String) throws {
        let dir = try Scratch(prefix: "mydocker-input")
        try dir.makeDirectory("specs.yaml")
        let folder = dir.path + "/specs.yaml"
        let run = try StateCLI.run([command, folder])
        #expect(run == ProcessOutput(status: 125, stdout: "", stderr: "mydocker \(command): cannot read \(folder): Is a directory\n"))
    }

    /// A file this user may not read: the same line, with the reason.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root to run as another user"),
          arguments: commands)
    func anUnreadableSpecIsOneLineAndExits125(command: String) throws {
        let dir = try Scratch(prefix: "mydocker-input")
        let spec = try dir.write("secret.yaml", "process: {args: [/bin/true]}\n")
        chmod(dir.path, 0o755)
        chmod(spec, 0o600)
        let run = ProcessRunner.spawnAndWait(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                              MyDockerBinary.path, command, spec])
        #expect(run == ProcessOutput(status: 125, stdout: "", stderr: "mydocker \(command): cannot read \(spec): Permission denied\n"))
    }

    /// Not YAML: the diagnostic lint prints, from every command, and 125 from those that need the spec (lint, whose
    /// answer is its findings, exits 1 for it as for any spec with errors).
    @Test(arguments: commands)
    func aSpecThatIsNotYAMLGetsLintsDiagnostic(command: String) throws {
        let dir = try Scratch(prefix: "mydocker-input")
        let spec = try dir.write("broken.yaml", "process: {args: [/bin/true]\n")
        let run = try StateCLI.run([command, spec])
        let diagnostic = try #require(try StateCLI.run(["lint", spec]).stdout.split(separator: "\n").first)
        #expect(diagnostic.hasPrefix("\(spec):") && diagnostic.hasSuffix("[yaml-syntax]"))
        // lint prints its findings on standard output, the others their refusal on standard error.
        #expect((command == "lint" ? run.stdout : run.stderr).hasPrefix(diagnostic + "\n"), "\(run)")
        #expect((command == "lint" ? run.stderr : run.stdout) == (command == "lint" ? "1 error, 0 warnings in 1 file\n" : ""), "\(run)")
        #expect(run.status == (command == "lint" ? 1 : 125), "\(run)")
    }

    /// A spec with errors: the same diagnostics from every command; plan and check answer 1 (as lint), apply, which
    /// cannot answer with a status its container might have, refuses it with 125.
    @Test(arguments: commands)
    func aSpecWithErrorsGetsTheSameDiagnostics(command: String) throws {
        let dir = try Scratch(prefix: "mydocker-input")
        let spec = try dir.write("empty-args.yaml", "process:\n  args: []\n")
        let run = try StateCLI.run([command, spec])
        let diagnostics = try StateCLI.run(["lint", spec]).stdout
        #expect(diagnostics.hasPrefix("\(spec):2:9: error: ") && diagnostics.contains("[args-empty]"), "\(diagnostics)")
        #expect((command == "lint" ? run.stdout : run.stderr).hasPrefix(diagnostics), "\(run)")
        #expect(run.status == (command == "apply" ? 125 : 1), "\(run)")
    }

    /// Every command's usage errors too: the command as typed first, then the usage; docker's 125.
    @Test(arguments: ["lint", "plan", "check", "apply", "ps", "kill", "rm", "logs", "exec", "stats", "update", "schema", "spec"])
    func aUsageErrorBeginsWithTheCommand(command: String) throws {
        let run = try StateCLI.run([command, "--no-such-option"])
        #expect(run.status == 125)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("mydocker \(command): Unknown option '--no-such-option'\n"), "\(run)")
        #expect(run.stderr.contains("\nUsage: mydocker \(command)"), "\(run)")
    }

    @Test func anUnknownSubcommandSuggestsTheNearestOne() throws {
        let run = try StateCLI.run(["chekc"])
        #expect(run == ProcessOutput(status: 125, stdout: "", stderr: """
            mydocker: Unknown subcommand 'chekc'. Did you mean 'check'?
            Usage: mydocker [--root <dir>] [--log <file>] [--log-format <format>] [--debug] [--systemd-cgroup] <subcommand>
              See 'mydocker --help' for more information.

            """))
        #expect(try StateCLI.run(["help", "plna"]).stderr.hasPrefix("mydocker help: Unknown subcommand 'plna'. Did you mean 'plan'?\n"))
    }
}
