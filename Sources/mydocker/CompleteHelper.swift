import Arguments
import ContainerStore

extension MyDocker {
    /// `__complete containers [--root DIR]`: the names completion scripts offer, one a line (hidden: for scripts).
    struct CompleteHelper: Command {
        static let spec = CommandSpec(
            name: "__complete",
            abstract: "Internal: words for the completion scripts (containers: the names of the state root's containers).",
            isHidden: true,
            arguments: [
                .positional("what", help: "containers"),
                StateRootOptions.argument,
            ]
        )

        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            guard arguments.value("what") == "containers" else { throw arguments.invalid("the only words to complete are containers") }
            state = StateRootOptions(arguments)
        }

        /// Nothing, quietly, when the state root cannot be read: a completion offers nothing then.
        func run() throws(ExitCode) {
            let names = (try? state.store.names()) ?? []
            StateConsole.out(names.map { $0 + "\n" }.joined())
        }
    }
}
