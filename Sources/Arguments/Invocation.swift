/// What a command line asks for.
public enum Invocation: Sendable, Equatable {
    /// Run the command with these arguments.
    case run(ParsedArguments)
    /// Print this help text on standard output (it ends with a newline) and exit 0.
    case help(String)
    /// Print this version and exit 0.
    case version(String)
}
