// The entry point. The re-executed child (`mydocker init`, hidden) is dispatched before the argument parser
// so that the container's start-up path stays as short as possible: no argument parsing, no Foundation.
// `mydocker apply SPEC` (exactly that) takes a short path too: the argument parser's reflection costs about
// a millisecond, a fifth of apply's whole budget.
import ArgumentParser
import Executor
import Glibc

if CommandLine.argc >= 2, let first = CommandLine.unsafeArgv[1] {
    if strcmp(first, "init") == 0 {
        Executor.childMain()
    }
    if CommandLine.argc == 3, strcmp(first, "apply") == 0, let spec = CommandLine.unsafeArgv[2], spec.pointee != UInt8(ascii: "-") {
        exit(ApplyCommand.run(specPath: String(cString: spec)))
    }
}
// Usage errors (an unknown flag, a missing option value, an unknown subcommand) exit 2, as linters do;
// swift-argument-parser's own default is 64 (EX_USAGE). --help and --version still exit 0.
do {
    var command = try MyDocker.parseAsRoot()
    try command.run()
} catch {
    if MyDocker.exitCode(for: error) == .validationFailure {
        var err = OutputBuffer(fd: 2)
        err.append(MyDocker.fullMessage(for: error) + "\n")
        err.flush()
        MyDocker.exit(withError: ExitCode(2))
    }
    MyDocker.exit(withError: error)
}
