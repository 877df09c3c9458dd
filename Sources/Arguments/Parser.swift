import DidYouMean

/// Reads the arguments of one command: flags, options and positional arguments in any order, `--` ending the
/// options. A command with subcommands stops at its first positional argument, the subcommand's name.
struct Parser {
    enum Outcome: Equatable {
        case parsed(ParsedArguments)
        case help
        case version
    }

    let command: CommandSpec
    let path: [String]
    /// The version `--version` prints; nil when there is none (then `--version` is an unknown option).
    let version: String?

    private let tokens: [String]
    /// The next token to read.
    private var index = 0
    private var given: [String: [String]] = [:]
    /// The positional arguments still to fill, in order; a repeating one stays until the end.
    private var slots: ArraySlice<ArgumentSpec>
    private var afterTerminator = false
    private var versionRequested = false

    init(command: CommandSpec, path: [String], version: String?, arguments: ArraySlice<String>) {
        self.command = command
        self.path = path
        self.version = version
        tokens = Array(arguments)
        slots = command.positionals.filter { $0.arity != .afterTerminator }[...]
    }

    /// `--help` or `-h` anywhere among the options wins over everything, then `--version`, then an error.
    mutating func parse() throws(ArgumentError) -> Outcome {
        do throws(ArgumentError) {
            let outcome = try readTokens()
            if outcome == .help { return .help }
            if versionRequested { return .version }
            if let outcome { return outcome }
            try checkRequired()
        } catch {
            let rest = tokens[index...].prefix { $0 != "--" }
            if rest.contains(where: isHelp) { return .help }
            if versionRequested || (version != nil && rest.contains("--version")) { return .version }
            throw error
        }
        return .parsed(ParsedArguments(command: command, path: path, given: given))
    }

    /// Reads every token; `.help`, or the arguments of a subcommand, end it early.
    private mutating func readTokens() throws(ArgumentError) -> Outcome? {
        while index < tokens.count {
            let token = tokens[index]
            let isTerminator = !afterTerminator && token == "--"
            let isOption = !afterTerminator && token.hasPrefix("-") && token != "-" && !isTerminator
            if !command.subcommands.isEmpty && !isOption && !isTerminator {
                let subcommand = tokens[index...]
                return .parsed(ParsedArguments(command: command, path: path, given: given, subcommandArguments: subcommand))
            }
            // A passthrough starts right after the positionals before it, or at the first non-option.
            if let slot = slots.first, slot.arity == .passthrough, slots.startIndex > 0 || !isOption {
                let rest = tokens[index...]
                given[slot.name] = Array(rest.first == "--" ? rest.dropFirst() : rest)
                index = tokens.count
                return nil
            }
            index += 1
            if isTerminator, let trailing = command.positionals.first(where: { $0.arity == .afterTerminator }) {
                given[trailing.name] = Array(tokens[index...])
                index = tokens.count
                return nil
            }
            if isTerminator {
                afterTerminator = true
            } else if !isOption {
                try takePositional(token)
            } else if token.hasPrefix("--") {
                if try readLong(token.dropFirst(2)) { return .help }
            } else if try readShort(token.dropFirst()) {
                return .help
            }
        }
        return nil
    }

    private mutating func takePositional(_ token: String) throws(ArgumentError) {
        guard let slot = slots.first else { throw error(.unexpectedArgument(token)) }
        given[slot.name, default: []].append(token)
        if slot.arity == .single || slot.arity == .optional { slots = slots.dropFirst() }
    }

    /// `--name` or `--name=value`; true for `--help`.
    private mutating func readLong(_ body: Substring) throws(ArgumentError) -> Bool {
        let name = String(body.prefix { $0 != "=" })
        let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        if name == "help" { return true }
        if name == "version", version != nil {
            versionRequested = true
            return false
        }
        guard let argument = command.named(name) else {
            let longNames = command.arguments.filter { $0.arity == nil }.map(\.name) + ["help"]
            throw error(.unknownOption("--" + name, nearest: Suggestion.nearest(to: name, in: longNames).map { "--" + $0 }))
        }
        try take(argument, spelled: "--" + name, inline: inline)
        return false
    }

    /// `-a`, `-abc` (flags), `-o value`, `-ovalue`, `-abo value`; true for `-h`.
    private mutating func readShort(_ letters: Substring) throws(ArgumentError) -> Bool {
        var letters = letters
        while let letter = letters.popFirst() {
            guard let argument = command.named(short: letter) else {
                if letter == "h" { return true }
                throw error(.unknownOption("-\(letter)"))
            }
            if argument.kind == .flag {
                given[argument.name, default: []].append("")
                continue
            }
            try take(argument, spelled: "-\(letter)", inline: letters.isEmpty ? nil : String(letters))
            return false
        }
        return false
    }

    /// Records a flag, or an option's value: `inline` (after `=` or the letter), else the next token unless
    /// it is an option itself (a lone `-` is a value).
    private mutating func take(_ argument: ArgumentSpec, spelled: String, inline: String?) throws(ArgumentError) {
        guard case let .option(valueName, allowed, repeating) = argument.kind else {
            if let inline { throw error(.unexpectedValue(option: spelled, value: inline)) }
            given[argument.name, default: []].append("")
            return
        }
        var value = inline
        if value == nil, index < tokens.count, !tokens[index].hasPrefix("-") || tokens[index] == "-" {
            value = tokens[index]
            index += 1
        }
        guard let value, inline?.isEmpty != true else {
            throw error(.missingValue(option: spelled, valueName: valueName), about: argument, spelled: spelled)
        }
        guard allowed.isEmpty || allowed.contains(value) else {
            let kind = ArgumentError.Kind.invalidValue(value: value, option: spelled, valueName: valueName, allowed: allowed)
            throw error(kind, about: argument, spelled: spelled)
        }
        given[argument.name] = repeating ? given[argument.name, default: []] + [value] : [value]
    }

    private func checkRequired() throws(ArgumentError) {
        for slot in command.positionals where given[slot.name] == nil {
            if slot.arity == .single || slot.arity == .oneOrMore {
                throw error(.missingArgument(UsageLine.bare(slot)), about: slot)
            }
        }
    }

    private func isHelp(_ token: String) -> Bool {
        token == "--help" || (token == "-h" && command.named(short: "h") == nil)
    }

    private func error(_ kind: ArgumentError.Kind, about argument: ArgumentSpec? = nil, spelled: String? = nil) -> ArgumentError {
        let help = argument.flatMap { argument in
            argument.help.isEmpty ? nil : UsageLine.label(argument, spelled: spelled) + "  " + argument.help
        }
        return ArgumentError(kind, usage: UsageLine.render(command, path: path), commandPath: path.joined(separator: " "), argumentHelp: help)
    }
}
