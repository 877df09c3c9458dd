import Arguments
import Testing

/// Options of the root command given before the subcommand's name (`tool --root /x ps`, as runc users type it).
@Suite struct GlobalOptionTests {
    static let root = CommandSpec(
        name: "tool",
        arguments: [
            .option("root", valueName: "dir", help: "Where state lives."),
            .flag("debug", help: "Say more."),
            .option("format", help: "Output format."),
        ],
        subcommands: [
            CommandSpec(name: "ps", arguments: [
                .flag("all", short: "a", help: "Every one."),
                .option("root", valueName: "dir", help: "Where state lives."),
                .flag("debug", help: "Say more."),
                .option("format", help: "Output format.", allowedValues: ["table", "json"]),
            ]),
            CommandSpec(name: "lint", arguments: [.positional("path", .zeroOrMore, help: "Files.")]),
            CommandSpec(name: "kill", arguments: [.positional("root", .optional, help: "A positional of the same name.")]),
        ]
    )

    static func run(_ arguments: String...) throws -> ParsedArguments {
        let invocation = try CommandLineParser.parse(arguments, root: root)
        guard case let .run(parsed) = invocation else { throw SampleTool.NotRun(invocation: invocation) }
        return parsed
    }

    @Test func anOptionBeforeTheSubcommandHoldsForIt() throws {
        let parsed = try Self.run("--root", "/x", "ps", "-a")
        #expect(parsed.value("root") == "/x")
        #expect(parsed.flag("all"))
        #expect(try Self.run("--root=/y", "--debug", "ps").value("root") == "/y")
        #expect(try Self.run("--debug", "ps").flag("debug"))
        #expect(try Self.run("ps").value("root") == nil)
    }

    @Test func theSubcommandsOwnValueWins() throws {
        #expect(try Self.run("--root", "/x", "ps", "--root", "/z").value("root") == "/z")
        #expect(try Self.run("ps", "--root", "/z").value("root") == "/z")
    }

    @Test func aSubcommandWithoutTheOptionIgnoresIt() throws {
        #expect(try Self.run("--root", "/x", "lint", "a.yaml").values("path") == ["a.yaml"])
        // A positional argument of the same name is not an option: it is not filled from one.
        #expect(try Self.run("--root", "/x", "kill").value("root") == nil)
    }

    @Test func aValueTheSubcommandDoesNotAllowIsNotCarriedDown() throws {
        #expect(try Self.run("--format", "xml", "ps").value("format") == nil)
        #expect(try Self.run("--format", "json", "ps").value("format") == "json")
    }

    @Test func theRootUsageShowsItsOptions() {
        #expect(UsageLine.render(Self.root, path: ["tool"]) == "tool [--root <dir>] [--debug] [--format <format>] <subcommand>")
    }
}
