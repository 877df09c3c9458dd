import Arguments
import Testing

@Suite struct HelpTextTests {
    static let rootHelp = """
        OVERVIEW: A sample tool.

        USAGE: tool <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          lint                    Check specs for errors.
          exec                    Run a command in a container.
          run                     Run a spec.
          rm                      Remove containers.
          kill                    Send a signal.

          See 'tool help <subcommand>' for detailed help.

        """

    @Test(arguments: [[], ["--help"], ["-h"], ["help"], ["--version", "--help"]])
    func theRootHelpListsTheCommandsThatAreNotHidden(arguments: [String]) throws {
        #expect(try SampleTool.invocation(arguments) == .help(Self.rootHelp))
    }

    @Test(arguments: [["lint", "--help"], ["lint", "-h"], ["help", "lint"], ["lint", "-sh"], ["lint", "x", "--help", "--nope"], ["lint", "--nope", "--help"]])
    func helpAnywhereAmongTheOptionsWins(arguments: [String]) throws {
        guard case let .help(text) = try SampleTool.invocation(arguments) else {
            Issue.record("no help for \(arguments)")
            return
        }
        #expect(text.hasPrefix("OVERVIEW: Check specs for errors.\n\nUSAGE: tool lint "))
    }

    @Test func helpAfterDoubleDashOrInsideAPassthroughIsAnArgument() throws {
        #expect(try SampleTool.parse("lint", "--", "--help").values("path") == ["--help"])
        #expect(try SampleTool.parse("exec", "box", "ls", "--help").values("command") == ["ls", "--help"])
    }

    @Test func hiddenCommandsHaveHelpButAreNotListed() throws {
        #expect(try SampleTool.invocation(["help", "secret"]) == .help("""
            OVERVIEW: Internal: not for people.

            USAGE: tool secret

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.


            """))
    }

    @Test(arguments: [["--version"], ["--version", "lint"], ["lint", "--version"], ["rm", "--version"], ["lint", "--version", "--nope"]])
    func versionIsKnownToEveryCommand(arguments: [String]) throws {
        #expect(try SampleTool.invocation(arguments) == .version("1.2.3"))
    }

    /// swift-argument-parser's rendering of mydocker's `apply --help` before this parser replaced it.
    @Test func theLayoutIsSwiftArgumentParsers() {
        let apply = CommandSpec(
            name: "apply",
            abstract: "Run the container a spec describes, in the foreground (or detached with --detach).",
            discussion: """
            Lints the spec (and refuses it on errors, printing them), plans it, and carries the plan out: \
            namespaces, ID maps, hostname, mounts, identity, then the process.

            Exit status: the container process's status, 128+N when signal N killed it.
            """,
            arguments: [
                .positional("spec", help: "The spec file (YAML, or an OCI config.json)."),
                .option("name", help: "Name the container, so that ps, logs, exec, kill and rm know it (made up with --detach)."),
                .flag("detach", short: "d", help: "Run it in the background; print its name once its process runs."),
                .option("root", valueName: "dir", help: "Where container state lives.", discussion: "Default: $MYDOCKER_ROOT when set, else /run/mydocker."),
                .option("format", help: "Output format: text or json.", allowedValues: ["text", "json"], defaultValue: "text"),
            ]
        )
        #expect(HelpText.render(apply, path: ["mydocker", "apply"], version: "0.1.0") == """
            OVERVIEW: Run the container a spec describes, in the foreground (or detached
            with --detach).

            Lints the spec (and refuses it on errors, printing them), plans it, and carries
            the plan out: namespaces, ID maps, hostname, mounts, identity, then the
            process.

            Exit status: the container process's status, 128+N when signal N killed it.

            USAGE: mydocker apply <spec> [--name <name>] [--detach] [--root <dir>] [--format <format>]

            ARGUMENTS:
              <spec>                  The spec file (YAML, or an OCI config.json).

            OPTIONS:
              --name <name>           Name the container, so that ps, logs, exec, kill and
                                      rm know it (made up with --detach).
              -d, --detach            Run it in the background; print its name once its
                                      process runs.
              --root <dir>            Where container state lives.
                    Default: $MYDOCKER_ROOT when set, else /run/mydocker.
              --format <format>       Output format: text or json. (values: text, json;
                                      default: text)
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test func aLongLabelPutsItsHelpOnTheNextLine() {
        let command = CommandSpec(name: "x", arguments: [.option("a-very-long-option", valueName: "value", help: "Help.")])
        #expect(HelpText.render(command, path: ["x"], version: nil) == """
            USAGE: x [--a-very-long-option <value>]

            OPTIONS:
              --a-very-long-option <value>
                                      Help.
              -h, --help              Show help information.


            """)
    }

    @Test func aCustomUsageLineReplacesTheGeneratedOne() {
        let command = CommandSpec(name: "exec", usage: "tool exec <name> -- <command> [<args>...]")
        #expect(UsageLine.render(command, path: ["tool", "exec"]) == "tool exec <name> -- <command> [<args>...]")
        #expect(UsageLine.render(SampleTool.exec, path: ["tool", "exec"]) == "tool exec [--tty] [--user <uid>] <name> [-- <command> ...]")
        #expect(UsageLine.render(SampleTool.kill, path: ["tool", "kill"]) == "tool kill <name> [<signal>]")
    }

    @Test func theHelpOfAPositionalShowsItsDefault() throws {
        guard case let .help(text) = try SampleTool.invocation(["kill", "--help"]) else {
            Issue.record("no help")
            return
        }
        #expect(text.contains("\n  <signal>                The signal. (default: TERM)\n"))
    }
}
