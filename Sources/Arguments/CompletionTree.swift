/// The commands a completion script or a manual page describes: every command of the table that is not hidden,
/// with the words that select it, in the table's order (the root first).
struct CompletionTree {
    struct Node {
        /// The tool's name, then each subcommand's: `["mydocker", "lint"]`.
        var path: [String]
        var command: CommandSpec
        /// The built-in options every command takes: `-h`, `--help` and, when the tool has a version, `--version`.
        var builtins: [ArgumentSpec]

        var key: String { path.joined(separator: " ") }
        var subcommands: [CommandSpec] { command.subcommands.filter { !$0.isHidden } }
        var flags: [ArgumentSpec] { command.arguments.filter { $0.kind == .flag } + builtins }
        var options: [ArgumentSpec] { command.arguments.filter { if case .option = $0.kind { true } else { false } } }
        var positionals: [ArgumentSpec] { command.positionals }
        /// The positional arguments found by their place, without the one that takes only what follows `--`.
        var slots: [ArgumentSpec] { positionals.filter { $0.arity != .afterTerminator } }
        /// What follows `--` is an argument's own (a command to run), not the tool's to complete.
        var endsAtTerminator: Bool { positionals.contains { $0.arity == .afterTerminator || $0.arity == .passthrough } }

        /// `--name` and `-n` of each argument, as typed.
        static func spellings(_ argument: ArgumentSpec) -> [String] {
            (argument.short.map { ["-\($0)"] } ?? []) + (argument.name.isEmpty ? [] : ["--" + argument.name])
        }
    }

    let tool: String
    let nodes: [Node]

    init(_ root: CommandSpec) {
        tool = root.name
        var nodes: [Node] = []
        func visit(_ command: CommandSpec, path: [String]) {
            var builtins: [ArgumentSpec] = []
            let help = ArgumentSpec.flag("help", short: command.named(short: "h") == nil ? "h" : nil, help: "Show help information.")
            builtins.append(help)
            if root.version != nil { builtins.append(.flag("version", help: "Show the version.")) }
            nodes.append(Node(path: path, command: command, builtins: builtins))
            for sub in command.subcommands where !sub.isHidden { visit(sub, path: path + [sub.name]) }
        }
        visit(root, path: [root.name])
        self.nodes = nodes
    }

    /// Every distinct value completion of every node, in order of first use: generators write each once.
    var valueCompletions: [ValueCompletion] {
        var all: [ValueCompletion] = []
        for node in nodes {
            for argument in node.options + node.positionals where !all.contains(argument.valueCompletion) {
                all.append(argument.valueCompletion)
            }
        }
        return all
    }

    /// The options whose values some command completion passes on (``ValueCompletion/passing``), each once.
    var passedOptions: [String] {
        var names: [String] = []
        for completion in valueCompletions { for name in completion.passing where !names.contains(name) { names.append(name) } }
        return names
    }
}

extension ArgumentSpec.Arity {
    /// Takes every value from its place on.
    var isRepeating: Bool { self == .zeroOrMore || self == .oneOrMore || self == .passthrough || self == .afterTerminator }
}
