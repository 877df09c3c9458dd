/// A command line the command does not accept. Its `report` is what to print on standard error: the message,
/// the help of the argument concerned, and the command's usage.
public struct ArgumentError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `--name` or `-n` that the command does not have (as spelled), with the nearest option it does have
        /// when one is near enough to be what was meant.
        case unknownOption(String, nearest: String? = nil)
        /// An option (as spelled) at the end of the line, or followed by another option.
        case missingValue(option: String, valueName: String)
        /// `--flag=value`: a flag takes no value.
        case unexpectedValue(option: String, value: String)
        /// An option's value that is not among its allowed values.
        case invalidValue(value: String, option: String, valueName: String, allowed: [String])
        /// A required positional argument (as the usage line shows it) that is not there.
        case missingArgument(String)
        /// A positional argument after every place for one is taken.
        case unexpectedArgument(String)
        /// A subcommand the command does not have, with the nearest one it does have when one is near enough.
        case unknownSubcommand(String, nearest: String? = nil)
        /// A problem the command itself found in its arguments (`ParsedArguments.invalid`).
        case invalid(String)
    }

    public let kind: Kind
    /// The command's usage line.
    public let usage: String
    /// The command as typed before its arguments (`mydocker lint`).
    public let commandPath: String
    /// `<synopsis>  <help>` of the argument concerned, when there is one.
    public let argumentHelp: String?

    public init(_ kind: Kind, usage: String, commandPath: String, argumentHelp: String? = nil) {
        self.kind = kind
        self.usage = usage
        self.commandPath = commandPath
        self.argumentHelp = argumentHelp
    }

    public var message: String {
        switch kind {
        case let .unknownOption(name, nil): "Unknown option '\(name)'"
        case let .unknownOption(name, nearest?): "Unknown option '\(name)'. Did you mean '\(nearest)'?"
        case let .missingValue(option, valueName): "Missing value for '\(option) <\(valueName)>'"
        case let .unexpectedValue(option, value): "The option '\(option)' does not take any value, but '\(value)' was specified."
        case let .invalidValue(value, option, valueName, allowed):
            "The value '\(value)' is invalid for '\(option) <\(valueName)>'. " + Self.choice(allowed)
        case let .missingArgument(synopsis): "Missing expected argument '\(synopsis)'"
        case let .unexpectedArgument(value): "Unexpected argument '\(value)'"
        case let .unknownSubcommand(name, nil): "Unknown subcommand '\(name)'"
        case let .unknownSubcommand(name, nearest?): "Unknown subcommand '\(name)'. Did you mean '\(nearest)'?"
        case let .invalid(message): message
        }
    }

    /// `TOOL COMMAND: …` (as every other error of the tool begins), `Help:  …` when known, the usage and where to
    /// read more; each line ends with a newline.
    public var report: String {
        "\(commandPath): \(message)\n" + (argumentHelp.map { "Help:  \($0)\n" } ?? "")
            + "Usage: \(usage)\n  See '\(commandPath) --help' for more information.\n"
    }

    public var description: String { message }

    /// `Please provide one of 'a' and 'b'.`, `… 'a', 'b' or 'c'.`, or a list of six or more.
    static func choice(_ allowed: [String]) -> String {
        let quoted = allowed.map { "'\($0)'" }
        guard quoted.count < 6 else {
            return "Please provide one of the following:\n" + allowed.map { "  - \($0)" }.joined(separator: "\n")
        }
        guard quoted.count > 2, let last = quoted.last else {
            return "Please provide one of \(quoted.joined(separator: " and "))."
        }
        return "Please provide one of \(quoted.dropLast().joined(separator: ", ")) or \(last)."
    }
}
