import DidYouMean

/// Parses a whole command line against a root command: its own options, then the subcommand named by the
/// first positional argument (and so on down), whose arguments follow. `help [SUBCOMMAND ...]` shows a
/// command's help; no subcommand at all shows the root's.
///
/// An option given before a subcommand's name holds for the subcommand too when the subcommand declares an option
/// of the same name (`tool --root /x ps` as `tool ps --root /x`; given in both places, the subcommand's own wins);
/// subcommands that do not declare it ignore it, as runc's global options.
public enum CommandLineParser {
    /// `arguments` without the program's own name (`CommandLine.arguments.dropFirst()`).
    public static func parse(_ arguments: some Collection<String>, root: CommandSpec) throws(ArgumentError) -> Invocation {
        try parse(ArraySlice(arguments), command: root, path: [root.name], root: root, inherited: [:])
    }

    private static func parse(
        _ arguments: ArraySlice<String>, command: CommandSpec, path: [String], root: CommandSpec, inherited: [String: (ArgumentSpec, [String])]
    ) throws(ArgumentError) -> Invocation {
        var parser = Parser(command: command, path: path, version: root.version, arguments: arguments)
        switch try parser.parse() {
        case .help:
            return .help(HelpText.render(command, path: path, version: root.version))
        case .version:
            return .version(root.version ?? "")
        case let .parsed(parsed) where command.subcommands.isEmpty:
            return .run(parsed.inheriting(inherited))
        case let .parsed(parsed):
            guard let name = parsed.subcommandArguments.first else {
                return .help(HelpText.render(command, path: path, version: root.version))
            }
            let rest = parsed.subcommandArguments.dropFirst()
            if name == "help" { return try help(rest, path: path + [name], root: root) }
            guard let subcommand = command.subcommands.first(where: { $0.name == name }) else {
                throw parsed.error(.unknownSubcommand(name, nearest: nearest(to: name, in: command)))
            }
            let options = parsed.givenOptions.merging(inherited) { own, _ in own }
            return try parse(rest, command: subcommand, path: path + [name], root: root, inherited: options)
        }
    }

    /// The built-in `help` command: the help of the command its arguments name.
    static let helpCommand = CommandSpec(
        name: "help",
        abstract: "Show subcommand help information.",
        isHidden: true,
        arguments: [.positional("subcommands", .zeroOrMore, help: "The subcommand to show help for.")]
    )

    private static func help(_ arguments: ArraySlice<String>, path: [String], root: CommandSpec) throws(ArgumentError) -> Invocation {
        let invocation = try parse(arguments, command: helpCommand, path: path, root: root, inherited: [:])
        guard case let .run(parsed) = invocation else { return invocation }
        var command = root
        var commandPath = [root.name]
        for name in parsed.values("subcommands") {
            let candidates = command.subcommands + (command.subcommands.isEmpty ? [] : [helpCommand])
            guard let subcommand = candidates.first(where: { $0.name == name }) else {
                throw parsed.error(.unknownSubcommand(name, nearest: nearest(to: name, in: command)))
            }
            command = subcommand
            commandPath.append(name)
        }
        return .help(HelpText.render(command, path: commandPath, version: root.version))
    }

    /// The subcommand of `command` that `name` is likely a typo of: among those its help lists, and `help`.
    private static func nearest(to name: String, in command: CommandSpec) -> String? {
        let names = command.subcommands.filter { !$0.isHidden }.map(\.name)
        return Suggestion.nearest(to: name, in: names.isEmpty ? [] : names + [helpCommand.name])
    }
}
