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

extension ParsedArguments {
    /// The flags and options given (not the positional arguments), each with its declaration.
    var givenOptions: [String: (ArgumentSpec, [String])] {
        var options: [String: (ArgumentSpec, [String])] = [:]
        for (name, values) in given {
            if let argument = command.named(name) { options[name] = (argument, values) }
        }
        return options
    }

    /// These arguments with the `options` a parent command was given before this command's name added: those this
    /// command declares too (a flag as a flag, an option as an option whose allowed values take the value) and was
    /// not given itself.
    func inheriting(_ options: [String: (ArgumentSpec, [String])]) -> ParsedArguments {
        var merged = given
        for (name, (parent, values)) in options where merged[name] == nil {
            guard let own = command.named(name) else { continue }
            switch (parent.kind, own.kind) {
            case (.flag, .flag):
                merged[name] = values
            case let (.option, .option(_, allowed, _)) where allowed.isEmpty || values.allSatisfy(allowed.contains):
                merged[name] = values
            default:
                continue
            }
        }
        return ParsedArguments(command: command, path: path, given: merged, subcommandArguments: subcommandArguments)
    }
}
