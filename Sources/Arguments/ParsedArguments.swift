/// The values a command line gave one command, read back by the names its `CommandSpec` declares.
public struct ParsedArguments: Sendable, Equatable {
    public let command: CommandSpec
    /// The words that selected the command, the tool's name first: `["mydocker", "lint"]`.
    public let path: [String]
    /// Values by argument name, in the order given; a flag holds one empty string per time it was given.
    let given: [String: [String]]
    /// For a command with subcommands: the arguments from the subcommand's name on.
    let subcommandArguments: ArraySlice<String>

    init(command: CommandSpec, path: [String], given: [String: [String]], subcommandArguments: ArraySlice<String> = []) {
        self.command = command
        self.path = path
        self.given = given
        self.subcommandArguments = subcommandArguments
    }

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool {
        !values(name).isEmpty
    }

    /// The option's or positional argument's value: the last one given, else its default.
    public func value(_ name: String) -> String? {
        values(name).last ?? declared(name).defaultValue
    }

    /// `value(name)` as one of `T`'s cases (an option with `allowedValues` taken from `T`).
    public func value<T: RawRepresentable>(_ name: String, as _: T.Type) -> T? where T.RawValue == String {
        value(name).flatMap(T.init(rawValue:))
    }

    /// Every value given, in order: a repeating option, a repeating or passthrough positional argument.
    public func values(_ name: String) -> [String] {
        _ = declared(name)
        return given[name] ?? []
    }

    /// The command's usage line.
    public var usage: String { UsageLine.render(command, path: path) }

    /// An error about these arguments that the command found itself (`Error: MESSAGE` and the usage, exit 2).
    public func invalid(_ message: String) -> ArgumentError {
        error(.invalid(message))
    }

    func error(_ kind: ArgumentError.Kind) -> ArgumentError {
        ArgumentError(kind, usage: usage, commandPath: path.joined(separator: " "))
    }

    private func declared(_ name: String) -> ArgumentSpec {
        guard let argument = command.arguments.first(where: { $0.name == name }) else {
            preconditionFailure("\(path.joined(separator: " ")) declares no argument named \(name)")
        }
        return argument
    }
}
