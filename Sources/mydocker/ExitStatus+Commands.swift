import Runtime

/// The exit statuses every command shares, as docker's: one home, so that every command says the same thing the
/// same way. Every error line on stderr begins `mydocker COMMAND: ` (``StateConsole/fail(_:_:status:)``).
///
/// - 0: done.
/// - 1: the command's answer is no: lint found problems, plan and check found errors in the spec, check found that
///   this host cannot run it, a container named is not there or not in a state that allows it.
/// - 125 (``ExitStatus/runtimeFailure``): mydocker could not do what was asked: a usage error, a spec that cannot be
///   read or is not YAML (lint reports a syntax error as its finding, 1), a spec with errors given to apply, or a
///   failure of its own (apply: before the container's process ran).
/// - 126 and 127 (apply and exec): the container's command cannot be executed, or is not found.
/// - apply and exec otherwise exit with the container's command's status, 128+N when signal N ended it.
extension ExitStatus {
    /// A command line the command does not accept (docker: 125).
    static let usage = runtimeFailure
    /// A spec that cannot be read (missing, unreadable, a folder) or is not YAML, from plan, check and apply; a spec with
    /// errors, from apply; a path lint cannot read.
    static let specRefused = runtimeFailure
    /// The command's answer is no.
    static let no: Int32 = 1

    /// Each status in words, for the manual page.
    static let described: [(status: String, meaning: String)] = [
        ("0", "Done."),
        ("1", "The command's answer is no: lint found problems, plan and check found errors in the spec, check found that this host cannot run it, a container named is not there or not in a state that allows it."),
        ("125", "mydocker could not do what was asked: a usage error, a spec that cannot be read or is not YAML (lint reports a syntax error as its finding), a spec with errors given to apply, or a failure of mydocker's own; apply: before the container's process ran."),
        ("126", "apply and exec: the container's command cannot be executed."),
        ("127", "apply and exec: the container's command is not found."),
        ("other", "apply and exec: the status of the container's command, 128+N when signal N ended it."),
    ]
}
