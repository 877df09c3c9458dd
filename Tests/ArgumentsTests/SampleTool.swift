import Arguments
import Testing

/// A small tool with one command of each shape, for the parser and help tests.
enum SampleTool {
    static let lint = CommandSpec(
        name: "lint",
        abstract: "Check specs for errors.",
        arguments: [
            .positional("path", .zeroOrMore, help: "Spec files, folders, or - for standard input."),
            .option("format", short: "f", help: "Output format.", allowedValues: ["text", "json"], defaultValue: "text"),
            .flag("strict", short: "s", help: "Warnings fail too."),
            .flag("all", short: "a", help: "Every file, hidden ones too."),
            .option("env", short: "e", valueName: "k=v", help: "Set a variable.", repeating: true),
            .option("color", valueName: "when", help: "Colour: auto, always or never."),
        ]
    )

    static let exec = CommandSpec(
        name: "exec",
        abstract: "Run a command in a container.",
        arguments: [
            .flag("tty", short: "t", help: "Give it a terminal."),
            .option("user", short: "u", valueName: "uid", help: "Run as this user."),
            .positional("name", help: "The container's name."),
            .positional("command", .passthrough, help: "The command and its arguments."),
        ]
    )

    static let run = CommandSpec(
        name: "run",
        abstract: "Run a spec.",
        arguments: [
            .positional("spec", help: "The spec."),
            .flag("detach", short: "d", help: "In the background."),
            .positional("command", .afterTerminator, help: "Instead of the spec's command."),
        ]
    )

    static let rm = CommandSpec(
        name: "rm",
        abstract: "Remove containers.",
        arguments: [.positional("names", .oneOrMore, help: "The containers' names.")]
    )

    static let kill = CommandSpec(
        name: "kill",
        abstract: "Send a signal.",
        arguments: [
            .positional("name", help: "The container's name."),
            .positional("signal", .optional, help: "The signal.", defaultValue: "TERM"),
        ]
    )

    static let secret = CommandSpec(name: "secret", abstract: "Internal: not for people.", isHidden: true)

    static let root = CommandSpec(
        name: "tool",
        abstract: "A sample tool.",
        version: "1.2.3",
        subcommands: [lint, exec, run, rm, kill, secret]
    )

    static func invocation(_ arguments: [String]) throws(ArgumentError) -> Invocation {
        try CommandLineParser.parse(arguments, root: root)
    }

    /// The arguments of the command `arguments` run; fails the test for help, version or an error.
    static func parse(_ arguments: String...) throws -> ParsedArguments {
        let result = try invocation(arguments)
        guard case let .run(parsed) = result else {
            throw NotRun(invocation: result)
        }
        return parsed
    }

    /// The error `arguments` make; nil (and a failed test) when they parse.
    static func error(_ arguments: String...) -> ArgumentError? {
        error(arguments)
    }

    static func error(_ arguments: [String]) -> ArgumentError? {
        do {
            let result = try invocation(arguments)
            Issue.record("no error, but \(result)")
            return nil
        } catch {
            return error
        }
    }

    struct NotRun: Error, CustomStringConvertible {
        let invocation: Invocation
        var description: String { "expected a command to run, got \(invocation)" }
    }
}
