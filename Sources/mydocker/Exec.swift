import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime

extension MyDocker {
    struct Exec: Command {
        static let spec = CommandSpec(
            name: "exec",
            abstract: "Run a command inside a running container's namespaces.",
            usage: "mydocker exec [--user <user[:group]>] [--cwd <dir>] [--env <k=v>]... [--tty] [--preserve-fds <n>] <name> -- <command> [<args>...]",
            discussion: """
            Joins every namespace of the container's process that differs from mydocker's (user first, mount last, \
            the pid namespace so that the command is a process inside it), takes the container's root as /, and runs \
            the command with the container process's user, working directory and environment unless told otherwise. \
            stdin, stdout and stderr pass through, and no other descriptor of the caller unless --preserve-fds says so; \
            --tty gives the command a pseudo-terminal (from the container's own /dev/pts when it mounts one). Needs root.

            Exit status: the command's, 128+N when signal N killed it; 126 when it cannot be executed, 127 when it \
            is not found, 1 when mydocker failed (the container is not running, not root).
            """,
            arguments: [
                .option(
                    "user", short: "u", valueName: "user[:group]",
                    help: "Run as this user and group, each a name (from the container's /etc/passwd and /etc/group) or a number. A name alone also takes its primary group and the groups that list it; a UID alone keeps the container's gid."
                ),
                .option("cwd", short: "w", valueName: "dir", help: "Working directory inside the container."),
                .option("env", short: "e", valueName: "k=v", help: "Set an environment variable (K alone takes it from here).", repeating: true),
                .flag("tty", short: "t", help: "Give the command a pseudo-terminal."),
                PreserveFDs.argument,
                StateRootOptions.argument,
                .positional("name", help: "The container's name."),
                .positional("command", .passthrough, help: "The command and its arguments (after --)."),
            ]
        )

        let user: String?
        let cwd: String?
        let env: [String]
        let tty: Bool
        let preserveFDs: Int
        let state: StateRootOptions
        let name: String
        let command: [String]

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            user = arguments.value("user")
            cwd = arguments.value("cwd")
            env = arguments.values("env")
            tty = arguments.flag("tty")
            preserveFDs = try PreserveFDs.count(arguments)
            state = StateRootOptions(arguments)
            name = arguments.value("name") ?? ""
            command = arguments.values("command")
            guard !command.isEmpty else { throw arguments.invalid("name a command: mydocker exec \(name) -- CMD [ARGS...]") }
        }

        func run() throws(ExitCode) {
            let request = ExecRequest(arguments: command, user: user, cwd: cwd, env: env, tty: tty, preserveFDs: preserveFDs)
            let status: Int32
            do {
                status = try Enter.run(request, name: name, store: state.store).shellStatus
            } catch {
                throw StateConsole.fail("exec", error, status: error.exitStatus)
            }
            throw ExitCode(status)
        }
    }
}
