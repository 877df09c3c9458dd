import Arguments

/// A subcommand of mydocker: its command line described by data, read into the command, then run.
protocol Command: SendableMetatype {
    static var spec: CommandSpec { get }
    /// Reads the parsed command line; throws `arguments.invalid(…)` for arguments that parse but do not fit
    /// (printed with the usage, exit 125: ``ExitStatus/usage``).
    init(_ arguments: ParsedArguments) throws(ArgumentError)
    /// Returns normally for exit status 0.
    func run() throws(ExitCode)
}

/// Ends the command with this exit status, quietly: it has already said what went wrong.
struct ExitCode: Error {
    let status: Int32

    init(_ status: Int32) {
        self.status = status
    }
}
