import ArgumentParser
import Executor

extension MyDocker {
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a command inside a running container's namespaces.",
            usage: "mydocker exec [--user <uid[:gid]>] [--cwd <dir>] [--env <k=v>]... [--tty] <name> -- <command> [<args>...]",
            discussion: """
            Joins every namespace of the container's process that differs from mydocker's (user first, mount last, \
            the pid namespace so that the command is a process inside it), takes the container's root as /, and runs \
            the command with the container process's user, working directory and environment unless told otherwise. \
            stdin, stdout and stderr pass through; --tty gives the command a pseudo-terminal. Needs root.

            Exit status: the command's, 128+N when signal N killed it; 126 when it cannot be executed, 127 when it \
            is not found, 1 when mydocker failed (the container is not running, not root).
            """
        )

        @Option(name: [.short, .long], help: ArgumentHelp("Run as this numeric user (a UID alone keeps the container's gid).", valueName: "uid[:gid]"))
        var user: String?

        @Option(name: [.customShort("w"), .long], help: ArgumentHelp("Working directory inside the container.", valueName: "dir"))
        var cwd: String?

        @Option(name: [.short, .long], help: ArgumentHelp("Set an environment variable (K alone takes it from here).", valueName: "k=v"))
        var env: [String] = []

        @Flag(name: [.short, .long], help: "Give the command a pseudo-terminal.")
        var tty = false

        @OptionGroup var state: StateRootOptions

        @Argument(help: "The container's name.")
        var name: String

        @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (after --).")
        var command: [String] = []

        var arguments: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

        func validate() throws {
            guard !arguments.isEmpty else { throw ValidationError("name a command: mydocker exec \(name) -- CMD [ARGS...]") }
        }

        func run() throws {
            let request = ExecRequest(arguments: arguments, user: user, cwd: cwd, env: env, tty: tty)
            do {
                throw ExitCode(try Enter.run(request, name: name, store: state.store))
            } catch let error as EnterError {
                throw StateConsole.fail("exec", error, status: error.exitStatus)
            }
        }
    }
}
