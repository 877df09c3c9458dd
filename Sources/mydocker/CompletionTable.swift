import Arguments

/// The command table as shell completions and the manual page see it (`mydocker completion`, `make man`): the
/// table itself, with container names offered for the positional arguments called `name`, `names` or `id` of every
/// command that keeps state (it takes `--root`), so that commands added to the table get them too.
enum CompletionTable {
    /// Spec files: YAML, or an OCI config.json.
    static let specFiles = ValueCompletion.files(extensions: ["yaml", "yml", "json"])
    /// The names `mydocker __complete containers` prints, from the state root the command line names, if any.
    static let containerNames = ValueCompletion.command([MyDocker.CompleteHelper.spec.name, "containers"], passing: [StateRootOptions.argument.name])

    static var root: CommandSpec { marking(MyDocker.spec) }

    static func marking(_ command: CommandSpec) -> CommandSpec {
        var command = command
        let keepsState = command.arguments.contains { $0.name == StateRootOptions.argument.name && $0.arity == nil }
        if keepsState {
            for index in command.arguments.indices where command.arguments[index].completion == nil {
                let argument = command.arguments[index]
                if argument.arity != nil && (argument.name == "name" || argument.name == "names" || argument.name == "id") {
                    command.arguments[index].completion = containerNames
                }
            }
        }
        command.subcommands = command.subcommands.map(marking)
        return command
    }
}
