/// A command described by data: what `--help` shows and what the parser accepts.
public struct CommandSpec: Sendable, Equatable {
    /// The word that selects it (`lint`), or the tool's name for the root command.
    public var name: String
    /// One line: the help's OVERVIEW and the root's list of subcommands.
    public var abstract: String
    /// A usage line to show instead of the generated one (the whole line, tool name included).
    public var usage: String?
    /// Paragraphs below the abstract in the help (blank lines between them).
    public var discussion: String
    /// Left out of the root's list of subcommands (still parsed, and `help NAME` still shows it).
    public var isHidden: Bool
    /// The version `--version` prints; set on the root, it holds for every subcommand.
    public var version: String?
    public var arguments: [ArgumentSpec]
    public var subcommands: [CommandSpec]

    public init(
        name: String, abstract: String = "", usage: String? = nil, discussion: String = "", isHidden: Bool = false,
        version: String? = nil, arguments: [ArgumentSpec] = [], subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.usage = usage
        self.discussion = discussion
        self.isHidden = isHidden
        self.version = version
        self.arguments = arguments
        self.subcommands = subcommands
    }

    /// The flag or option called `--long`.
    func named(_ long: String) -> ArgumentSpec? {
        arguments.first { $0.arity == nil && $0.name == long }
    }

    /// The flag or option called `-short`.
    func named(short: Character) -> ArgumentSpec? {
        arguments.first { $0.arity == nil && $0.short == short }
    }

    var positionals: [ArgumentSpec] { arguments.filter { $0.arity != nil } }
}
