/// One thing a command accepts on its command line: a flag, an option that takes a value, or a positional
/// argument. Commands list them in the order their usage line and help show them.
public struct ArgumentSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `--long` or `-s`, no value; may be given more than once.
        case flag
        /// `--long VALUE`, `--long=VALUE`, `-s VALUE` or `-sVALUE`. The last one given wins unless `repeating`,
        /// which collects every value. `allowedValues`, when not empty, are the only values accepted.
        case option(valueName: String, allowedValues: [String], repeating: Bool)
        /// A value found by its position.
        case positional(Arity)
    }

    public enum Arity: Sendable, Equatable {
        /// Exactly one value.
        case single
        /// Zero or one value.
        case optional
        /// Any number of values.
        case zeroOrMore
        /// At least one value.
        case oneOrMore
        /// Everything after the positionals before it, options included, taken as it is (a leading `--` is
        /// dropped): the command and arguments of `exec`.
        case passthrough
        /// Only the words after `--`, taken as they are (options included), none without it: apply's command that
        /// replaces the spec's, where options may still follow the positionals before it.
        case afterTerminator
    }

    /// The long name of a flag or option (without `--`), or the name of a positional argument (shown as
    /// `<name>`). Parsed values are read back by it.
    public var name: String
    /// The one-letter name of a flag or option (`-s`).
    public var short: Character?
    public var kind: Kind
    /// One line for the help text and for error messages about this argument.
    public var help: String
    /// More text for the help, on its own lines below `help`.
    public var discussion: String
    /// The value of an option or positional argument that is not given (shown in the help).
    public var defaultValue: String?
    /// What shells complete for its value; nil for the default, ``valueCompletion``.
    public var completion: ValueCompletion?

    public init(
        name: String, short: Character? = nil, kind: Kind, help: String, discussion: String = "", defaultValue: String? = nil,
        completion: ValueCompletion? = nil
    ) {
        self.name = name
        self.short = short
        self.kind = kind
        self.help = help
        self.discussion = discussion
        self.defaultValue = defaultValue
        self.completion = completion
    }

    public static func flag(_ name: String, short: Character? = nil, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, short: short, kind: .flag, help: help)
    }

    /// An option; its value is shown as `<valueName>` (the option's name unless given).
    public static func option(
        _ name: String, short: Character? = nil, valueName: String? = nil, help: String, discussion: String = "",
        allowedValues: [String] = [], defaultValue: String? = nil, repeating: Bool = false, completion: ValueCompletion? = nil
    ) -> ArgumentSpec {
        ArgumentSpec(
            name: name, short: short,
            kind: .option(valueName: valueName ?? name, allowedValues: allowedValues, repeating: repeating),
            help: help, discussion: discussion, defaultValue: defaultValue, completion: completion
        )
    }

    public static func positional(
        _ name: String, _ arity: Arity = .single, help: String, defaultValue: String? = nil, completion: ValueCompletion? = nil
    ) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: .positional(arity), help: help, defaultValue: defaultValue, completion: completion)
    }

    /// What shells complete for its value: ``completion`` when given, else an option's allowed values, else nothing
    /// (a flag has no value).
    public var valueCompletion: ValueCompletion {
        if let completion { return completion }
        if case let .option(_, allowed, _) = kind { return .words(allowed) }
        return .nothing
    }

    /// The arity of a positional argument; nil for a flag or an option.
    public var arity: Arity? {
        if case let .positional(arity) = kind { return arity }
        return nil
    }

    /// The name of an option's value in usage lines (`<format>`); nil for a flag or a positional argument.
    public var valueName: String? {
        if case let .option(valueName, _, _) = kind { return valueName }
        return nil
    }
}
