import Foundation
import Testing

/// `mydocker completion bash|zsh|fish`: scripts generated from the command table. bash loads its script and
/// completes as a user's shell would (COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read); fish
/// completes command lines with `complete -C`; zsh parses its script.
@Suite struct CompletionCLITests {
    /// A folder with spec files and a state root with two containers, and the scripts written into it.
    final class Bench {
        let dir: Scratch
        var root: String { dir.path + "/state" }

        init() throws {
            dir = try Scratch(prefix: "mydocker-completion")
            _ = try dir.write("web.yaml", "process: {args: [/bin/true]}\n")
            _ = try dir.write("notes.txt", "not a spec\n")
            try dir.makeDirectory("specs")
            for name in ["web1", "db"] {
                try StateCLI.writeState(root: root, name: name, lines: ["status=exited", "created=1", "exit.code=0"])
            }
        }

        func script(_ shell: String) throws -> String {
            let run = try StateCLI.run(["completion", shell])
            #expect(run.status == 0 && run.stderr == "", "\(run)")
            return try dir.write("completion.\(shell)", run.stdout)
        }

        /// COMPREPLY for the command line `words` (the last one is under the cursor), one completion a line.
        func bash(_ words: [String]) throws -> [String] {
            let script = try script("bash")
            let quoted = ([MyDockerBinary.path] + words).map { "'" + $0 + "'" }.joined(separator: " ")
            let driver = """
                source '\(script)' || exit 9
                COMP_WORDS=(\(quoted)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                _mydocker
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let run = try ProcessRunner.run(["/bin/bash", "--noprofile", "--norc", "-c", driver], directory: dir.path)
            #expect(run.status == 0 && run.stderr == "", "\(run)")
            return run.stdout.split(separator: "\n").map(String.init).sorted()
        }
    }

    /// A program the tests need from scripts/install-deps.sh: present, or (with CI=true) its absence fails the test.
    static func needed(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path) || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The subcommands `mydocker --help` lists, sorted: whatever the table holds, never the hidden ones.
    static func listed() throws -> [String] {
        let help = try StateCLI.run(["--help"]).stdout
        let names = help.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "SUBCOMMANDS:" }.dropFirst()
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isLetter == true }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names.count > 10 && names.contains("completion") && !names.contains("monitor"), "\(help)")
        return names.sorted()
    }

    @Test func bashCompletesSubcommands() throws {
        let bench = try Bench()
        #expect(try bench.bash(["pl"]) == ["plan"])
        #expect(try bench.bash(["p"]) == ["pause", "plan", "ps"])
        // Every command the help lists, and none of the hidden ones (init, monitor, __complete, __manual).
        #expect(try bench.bash([""]) == (try Self.listed()))
        #expect(try bench.bash(["--root", "/x", "c"]) == ["check", "completion", "create"])
        #expect(try bench.bash(["help", "ex"]) == ["exec"])
        #expect(try bench.bash(["nosuch", ""]) == [])
    }

    @Test func bashCompletesOptionsAndTheirValues() throws {
        let bench = try Bench()
        #expect(try bench.bash(["lint", "--st"]) == ["--strict"])
        #expect(try bench.bash(["lint", "--format", ""]) == ["github", "json", "sarif", "text"])
        #expect(try bench.bash(["lint", "--format", "=", "s"]) == ["sarif"])
        #expect(try bench.bash(["ps", "--format", ""]) == ["json", "table"])
        #expect(try bench.bash(["completion", ""]) == ["bash", "fish", "zsh"])
        #expect(try bench.bash(["exec", "-"]).contains("--user"))
        #expect(try bench.bash(["exec", "--user", ""]) == [])
    }

    @Test func bashCompletesSpecFilesAndFolders() throws {
        let bench = try Bench()
        #expect(try bench.bash(["plan", ""]) == ["specs", "state", "web.yaml"])
        #expect(try bench.bash(["lint", "web.yaml", "w"]) == ["web.yaml"])
        #expect(try bench.bash(["apply", "--root", "s"]) == ["specs", "state"])
    }

    @Test func bashCompletesContainerNamesOfTheRootOnTheLine() throws {
        let bench = try Bench()
        #expect(try bench.bash(["--root", bench.root, "kill", ""]) == ["db", "web1"])
        #expect(try bench.bash(["rm", "--root", bench.root, "w"]) == ["web1"])
        #expect(try bench.bash(["rm", "--root=\(bench.root)", "db", ""]) == ["db", "web1"])
        // kill takes names, and its --signal a signal's name.
        #expect(try bench.bash(["--root", bench.root, "kill", "db", ""]) == ["db", "web1"])
        #expect(try bench.bash(["--root", bench.root, "kill", "--signal", "T"]) == ["TERM", "TRAP", "TSTP", "TTIN", "TTOU"])
        // logs takes one name.
        #expect(try bench.bash(["--root", bench.root, "logs", "db", ""]) == [])
        // apply's command after `--` (it replaces the spec's) and exec's are the container's business.
        #expect(try bench.bash(["apply", "web.yaml", "--", ""]) == [])
        #expect(try bench.bash(["apply", "web.yaml", "--deta"]) == ["--detach"])
        // exec's command is the container's business.
        #expect(try bench.bash(["--root", bench.root, "exec", "db", "--", ""]) == [])
        #expect(try bench.bash(["--root", bench.root, "exec", "db", ""]) == [])
    }

    @Test(.enabled(if: needed("/usr/bin/fish"), "needs fish (scripts/install-deps.sh installs it); with CI=true its absence fails"))
    func fishCompletesCommandLines() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/fish"), "no /usr/bin/fish: run scripts/install-deps.sh test")
        let bench = try Bench()
        let script = try bench.script("fish")
        #expect(try ProcessRunner.run(["/usr/bin/fish", "--no-execute", script]).status == 0)
        func complete(_ line: String) throws -> [String] {
            let folder = URL(fileURLWithPath: MyDockerBinary.path).deletingLastPathComponent().path
            let run = try ProcessRunner.run(
                ["/usr/bin/fish", "--no-config", "-c", "source '\(script)'; complete -C '\(line)'"],
                environment: ProcessRunner.inheritedEnvironment(changing: ["PATH": folder + ":/usr/bin:/bin", "MYDOCKER_ROOT": nil]),
                directory: bench.dir.path
            )
            #expect(run.status == 0 && run.stderr == "", "\(run)")
            return run.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }.sorted()
        }
        #expect(try complete("mydocker pl") == ["plan"])
        #expect(try complete("mydocker lint --format ") == ["github", "json", "sarif", "text"])
        #expect(try complete("mydocker --root \(bench.root) kill ") == ["db", "web1"])
        #expect(try complete("mydocker rm --root \(bench.root) d") == ["db"])
        #expect(try complete("mydocker --root \(bench.root) pause db ") == ["db", "web1"])
    }

    @Test(.enabled(if: needed("/usr/bin/zsh"), "needs zsh (scripts/install-deps.sh installs it); with CI=true its absence fails"))
    func zshParsesItsScript() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh"), "no /usr/bin/zsh: run scripts/install-deps.sh test")
        let bench = try Bench()
        let script = try bench.script("zsh")
        #expect(try ProcessRunner.run(["/usr/bin/zsh", "-n", script]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.hasPrefix("#compdef mydocker\n"))
        for name in try Self.listed() { #expect(text.contains("\n        (\(name)) _mydocker_command_"), "\(name)") }
        #expect(!text.contains("(monitor)") && !text.contains("(__complete)"))
    }

    @Test func anUnknownShellIsAUsageError() throws {
        let run = try StateCLI.run(["completion", "tcsh"])
        #expect(run.status == 125)
        #expect(run.stderr.hasPrefix("mydocker completion: no completion for the shell \"tcsh\": use bash, zsh or fish\n"), "\(run)")
    }

    @Test func theHelperListsTheContainersOfARoot() throws {
        let bench = try Bench()
        #expect(try StateCLI.run(["__complete", "containers", "--root", bench.root]) == ProcessOutput(status: 0, stdout: "db\nweb1\n", stderr: ""))
        #expect(try StateCLI.run(["__complete", "containers", "--root", bench.dir.path + "/none"]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
    }
}
