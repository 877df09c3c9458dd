/// The one-line synopsis of a command (`mydocker lint [<path> ...] [--format <format>] [--strict]`) and the
/// ways one argument is written in it, in the help's columns and in error messages.
public enum UsageLine {
    /// The command's own usage line if it has one, else its path and each argument in declaration order.
    public static func render(_ command: CommandSpec, path: [String]) -> String {
        if let usage = command.usage { return usage }
        var words = [path.joined(separator: " ")] + command.arguments.map(synopsis)
        if !command.subcommands.isEmpty { words.append("<subcommand>") }
        return words.joined(separator: " ")
    }

    /// In the usage line: `[--format <format>]`, `[--env <k=v> ...]`, `[--strict]`, `<spec>`, `[<path> ...]`,
    /// `<names> ...`, `[-- <command> ...]`.
    static func synopsis(_ argument: ArgumentSpec) -> String {
        switch argument.kind {
        case .flag: "[--\(argument.name)]"
        case let .option(valueName, _, repeating): "[--\(argument.name) <\(valueName)>\(repeating ? " ..." : "")]"
        case .positional(.single): bare(argument)
        case .positional(.optional): "[\(bare(argument))]"
        case .positional(.zeroOrMore): "[\(bare(argument))]"
        case .positional(.oneOrMore): bare(argument)
        case .positional(.passthrough), .positional(.afterTerminator): "[-- \(bare(argument))]"
        }
    }

    /// A positional argument without brackets: `<spec>`, `<names> ...`.
    static func bare(_ argument: ArgumentSpec) -> String {
        switch argument.arity {
        case .zeroOrMore, .oneOrMore, .passthrough, .afterTerminator: "<\(argument.name)> ..."
        default: "<\(argument.name)>"
        }
    }

    /// In the help's left column: `-u, --user <user[:group]>`, `-d, --detach`, `<spec>`; with `spelled`, only
    /// the name as the user wrote it (`-u <user[:group]>`), for error messages.
    static func label(_ argument: ArgumentSpec, spelled: String? = nil) -> String {
        guard argument.arity == nil else { return "<\(argument.name)>" }
        let names = spelled ?? ((argument.short.map { "-\($0), " } ?? "") + "--" + argument.name)
        return argument.valueName.map { names + " <\($0)>" } ?? names
    }
}
