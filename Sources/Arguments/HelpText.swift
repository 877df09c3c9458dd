/// `--help` in swift-argument-parser's layout: OVERVIEW (abstract and discussion), USAGE, then ARGUMENTS,
/// OPTIONS and SUBCOMMANDS, each entry's help in a column, wrapped to 80 columns.
public enum HelpText {
    static let width = 80
    static let indent = 2
    static let helpColumn = 26

    /// The help of `command`, reached by `path`; `version` adds `--version` to its options. Ends with a newline.
    public static func render(_ command: CommandSpec, path: [String], version: String?) -> String {
        var overview = command.abstract
        if !command.discussion.isEmpty { overview += (overview.isEmpty ? "\n" : "\n\n") + command.discussion }
        var text = overview.isEmpty ? "" : ("OVERVIEW: " + overview).wrapped(to: width) + "\n\n"
        text += "USAGE: " + UsageLine.render(command, path: path) + "\n\n"
        let subcommands = command.subcommands.filter { !$0.isHidden }.map { entry($0.name, $0.abstract) }
        let sections = [
            section("ARGUMENTS", command.positionals.map(entry)),
            section("OPTIONS", options(command, version: version)),
            section("SUBCOMMANDS", subcommands),
        ]
        text += sections.filter { !$0.isEmpty }.joined(separator: "\n")
        if !subcommands.isEmpty {
            let helpPath = path.prefix(1) + ["help"] + path.dropFirst()
            text += "\n  See '\(helpPath.joined(separator: " ")) <subcommand>' for detailed help."
        }
        return text + "\n"
    }

    private static func options(_ command: CommandSpec, version: String?) -> [String] {
        var entries = command.arguments.filter { $0.arity == nil }.map(entry)
        if version != nil { entries.append(entry("--version", "Show the version.")) }
        let help = command.named(short: "h") == nil ? "-h, --help" : "--help"
        return entries + [entry(help, "Show help information.")]
    }

    private static func section(_ header: String, _ entries: [String]) -> String {
        entries.isEmpty ? "" : header + ":\n" + entries.joined()
    }

    /// The help, then `(values: …; default: …)`, then the discussion on lines of its own.
    private static func entry(_ argument: ArgumentSpec) -> String {
        var notes: [String] = []
        if case let .option(_, allowed, _) = argument.kind, !allowed.isEmpty {
            notes.append("values: " + allowed.joined(separator: ", "))
        }
        if let value = argument.defaultValue { notes.append("default: " + value) }
        let help = notes.isEmpty ? argument.help : argument.help + " (" + notes.joined(separator: "; ") + ")"
        let discussion = argument.discussion.isEmpty ? "" : argument.discussion.wrapped(to: width, indent: indent * 4) + "\n"
        return entry(UsageLine.label(argument), help) + discussion
    }

    /// `  label` then the help from column 26, or on the next line when the label reaches that column.
    private static func entry(_ label: String, _ help: String) -> String {
        let padded = String(repeating: " ", count: indent) + label
        guard !help.isEmpty else { return padded + "\n" }
        let wrapped = help.wrapped(to: width, indent: helpColumn)
        guard padded.count < helpColumn else { return padded + "\n" + wrapped + "\n" }
        return padded + wrapped.dropFirst(padded.count) + "\n"
    }
}
