import Arguments

extension MyDocker {
    /// `completion bash|zsh|fish`: a completion script generated from the command table (``CompletionTable``).
    struct Completion: Command {
        enum Shell: String, CaseIterable {
            case bash, zsh, fish
        }

        static let spec = CommandSpec(
            name: "completion",
            abstract: "Print the shell completion script of bash, zsh or fish.",
            discussion: """
            The script completes subcommands, options, their values (formats, spec files, folders) and the names \
            of containers. bash: `source <(mydocker completion bash)`, or save it as \
            /usr/share/bash-completion/completions/mydocker. zsh: save it as _mydocker in a folder of $fpath. \
            fish: `mydocker completion fish | source`, or save it as ~/.config/fish/completions/mydocker.fish.
            """,
            arguments: [
                .positional("shell", help: "bash, zsh or fish.", completion: .words(Shell.allCases.map(\.rawValue))),
            ]
        )

        let shell: Shell

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            let name = arguments.value("shell") ?? ""
            guard let shell = Shell(rawValue: name) else {
                throw arguments.invalid("no completion for the shell \"\(name)\": use bash, zsh or fish")
            }
            self.shell = shell
        }

        func run() throws(ExitCode) {
            let root = CompletionTable.root
            switch shell {
            case .bash: StateConsole.out(BashCompletion.script(for: root))
            case .zsh: StateConsole.out(ZshCompletion.script(for: root))
            case .fish: StateConsole.out(FishCompletion.script(for: root))
            }
        }
    }
}
