import Arguments
import Testing

@Suite struct ArgumentErrorTests {
    static let lintUsage = "tool lint [<path> ...] [--format <format>] [--strict] [--all] [--env <k=v> ...] [--color <when>]"

    @Test func anUnknownOptionPrintsTheMessageAndTheUsage() {
        #expect(SampleTool.error("lint", "--no-such-flag", "specs/")?.report == """
            tool lint: Unknown option '--no-such-flag'
            Usage: \(Self.lintUsage)
              See 'tool lint --help' for more information.

            """)
    }

    @Test(arguments: [
        (["lint", "--nope=3"], "Unknown option '--nope'"),
        (["lint", "-x"], "Unknown option '-x'"),
        (["lint", "-sx"], "Unknown option '-x'"),
        (["--root", "/x", "lint"], "Unknown option '--root'"),
        (["lint", "--formt", "ok"], "Unknown option '--formt'. Did you mean '--format'?"),
        (["lint", "--STRICT"], "Unknown option '--STRICT'. Did you mean '--strict'?"),
        (["lint", "--hlep"], "Unknown option '--hlep'. Did you mean '--help'?"),
    ])
    func unknownOptions(arguments: [String], message: String) {
        #expect(SampleTool.error(arguments)?.message == message)
    }

    /// `--version` is known only where the root has a version.
    @Test func versionIsAnUnknownOptionWithoutAVersion() {
        let root = CommandSpec(name: "tool", subcommands: [SampleTool.lint])
        #expect(throws: ArgumentError(.unknownOption("--version"), usage: "tool <subcommand>", commandPath: "tool")) {
            try CommandLineParser.parse(["--version"], root: root)
        }
    }

    @Test func aMissingValueNamesTheOptionAsWrittenWithItsHelp() {
        #expect(SampleTool.error("lint", "ok", "--format")?.report == """
            tool lint: Missing value for '--format <format>'
            Help:  --format <format>  Output format.
            Usage: \(Self.lintUsage)
              See 'tool lint --help' for more information.

            """)
        #expect(SampleTool.error("exec", "-u")?.message == "Missing value for '-u <uid>'")
    }

    @Test(arguments: [["lint", "--format", "--strict"], ["lint", "--format="], ["lint", "--format", "--"], ["lint", "-sf"]])
    func anOptionFollowedByAnotherOptionOrNothingHasNoValue(arguments: [String]) {
        #expect(SampleTool.error(arguments)?.kind == .missingValue(option: arguments[1].hasPrefix("--") ? "--format" : "-f", valueName: "format"))
    }

    @Test func aFlagTakesNoValue() {
        #expect(SampleTool.error("lint", "--strict=yes")?.message == "The option '--strict' does not take any value, but 'yes' was specified.")
    }

    @Test func aValueOutsideTheAllowedOnesIsRefused() {
        #expect(SampleTool.error("lint", "-f", "xml")?.report == """
            tool lint: The value 'xml' is invalid for '-f <format>'. Please provide one of 'text' and 'json'.
            Help:  -f <format>  Output format.
            Usage: \(Self.lintUsage)
              See 'tool lint --help' for more information.

            """)
    }

    @Test(arguments: [
        (["a"], "Please provide one of 'a'."),
        (["a", "b", "c"], "Please provide one of 'a', 'b' or 'c'."),
        (["a", "b", "c", "d", "e", "f"], "Please provide one of the following:\n  - a\n  - b\n  - c\n  - d\n  - e\n  - f"),
    ])
    func allowedValuesAreListed(allowed: [String], text: String) {
        let error = ArgumentError(.invalidValue(value: "x", option: "--o", valueName: "v", allowed: allowed), usage: "", commandPath: "")
        #expect(error.message == "The value 'x' is invalid for '--o <v>'. " + text)
    }

    @Test func aMissingRequiredArgumentIsNamedWithItsHelp() {
        #expect(SampleTool.error("rm")?.report == """
            tool rm: Missing expected argument '<names> ...'
            Help:  <names>  The containers' names.
            Usage: tool rm <names> ...
              See 'tool rm --help' for more information.

            """)
        #expect(SampleTool.error("exec", "-t")?.message == "Missing expected argument '<name>'")
    }

    @Test func anArgumentBeyondTheLastPlaceIsUnexpected() {
        #expect(SampleTool.error("kill", "box", "TERM", "extra")?.report == """
            tool kill: Unexpected argument 'extra'
            Usage: tool kill <name> [<signal>]
              See 'tool kill --help' for more information.

            """)
        #expect(SampleTool.error("secret", "-")?.message == "Unexpected argument '-'")
    }

    @Test func anUnknownSubcommandShowsTheRootUsage() {
        #expect(SampleTool.error("nope", "--help")?.report == """
            tool: Unknown subcommand 'nope'
            Usage: tool <subcommand>
              See 'tool --help' for more information.

            """)
        #expect(SampleTool.error("help", "lint", "nope")?.message == "Unknown subcommand 'nope'")
    }

    @Test(arguments: [
        (["lnit"], "Unknown subcommand 'lnit'. Did you mean 'lint'?"),
        (["exce", "box"], "Unknown subcommand 'exce'. Did you mean 'exec'?"),
        (["LINT"], "Unknown subcommand 'LINT'. Did you mean 'lint'?"),
        (["hlep"], "Unknown subcommand 'hlep'. Did you mean 'help'?"),
        (["help", "kil"], "Unknown subcommand 'kil'. Did you mean 'kill'?"),
        // A hidden command is never suggested; a word far from every name gets no suggestion.
        (["secrte"], "Unknown subcommand 'secrte'"),
        (["xyz"], "Unknown subcommand 'xyz'"),
    ])
    func anUnknownSubcommandSuggestsTheNearestListedOne(arguments: [String], message: String) {
        #expect(SampleTool.error(arguments)?.message == message)
    }

    @Test func aCommandReportsItsOwnFindingsWithItsUsage() throws {
        let parsed = try SampleTool.parse("exec", "box")
        #expect(parsed.invalid("name a command: tool exec box -- CMD").report == """
            tool exec: name a command: tool exec box -- CMD
            Usage: tool exec [--tty] [--user <uid>] <name> [-- <command> ...]
              See 'tool exec --help' for more information.

            """)
    }
}
