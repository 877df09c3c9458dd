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
            usage: "mydocker exec [--user <user[:group]>] [--cwd <dir>] [--env <k=v>]... [--tty] [--preserve-fds <n>] [--detach] [--pid-file <file>] [--console-socket <socket>] [--process <file>] <name> [--] <command> [<args>...]",
            discussion: """
            Joins every namespace of the container's process that differs from mydocker's (user first, mount last, \
            the pid namespace so that the command is a process inside it), takes the container's root as /, and runs \
            the command with the container process's user, working directory and environment unless told otherwise. \
            stdin, stdout and stderr pass through, and no other descriptor of the caller unless --preserve-fds says so; \
            --tty gives the command a pseudo-terminal (from the container's own /dev/pts when it mounts one). Needs root.

            Exit status: the command's, 128+N when signal N killed it; 126 when it cannot be executed, 127 when it \
            is not found, 1 when mydocker failed (the container is not running, not root).

            runc's form, as engines call it: --process FILE gives the whole process as the OCI spec's `process` \
            object (args, env, cwd, user, terminal) instead of a command; --detach leaves the command running (it \
            stays the child of exec's caller) and exits 0 once it runs, its pid in --pid-file (digits only), its \
            terminal's master sent to --console-socket (SCM_RIGHTS).
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
                .option("process", short: "p", valueName: "file", help: "The process to run, as the OCI spec's process object (JSON)."),
                .flag("detach", short: "d", help: "Leave the command running and exit once it runs."),
                .option("pid-file", valueName: "file", help: "Write the command's pid here (digits only)."),
                .option("console-socket", valueName: "socket", help: "The AF_UNIX socket the terminal's master is sent to (with --detach)."),
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
        let processFile: String?
        let detach: Bool
        let pidFile: String?
        let consoleSocket: String?

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            user = arguments.value("user")
            cwd = arguments.value("cwd")
            env = arguments.values("env")
            tty = arguments.flag("tty")
            preserveFDs = try PreserveFDs.count(arguments)
            state = StateRootOptions(arguments)
            name = arguments.value("name") ?? ""
            command = arguments.values("command")
            processFile = arguments.value("process")
            detach = arguments.flag("detach")
            pidFile = arguments.value("pid-file")
            consoleSocket = arguments.value("console-socket")
            guard !command.isEmpty || processFile != nil else {
                throw arguments.invalid("name a command: mydocker exec \(name) -- CMD [ARGS...], or give --process FILE")
            }
        }

        func run() throws(ExitCode) {
            var request = ExecRequest(arguments: command, user: user, cwd: cwd, env: env, tty: tty, preserveFDs: preserveFDs)
            if let processFile { try ExecProcessFile.apply(processFile, to: &request) }
            let pidFile = self.pidFile
            let consoleSocket = self.consoleSocket
            let detached: ((Int32, Int32) throws(EnterError) -> Void)? = detach ? { pid, master throws(EnterError) in
                if master >= 0 {
                    guard let consoleSocket else {
                        throw .badOption("exec --detach --tty needs --console-socket to pass the terminal on")
                    }
                    do throws(SystemError) {
                        try UnixSocket.send(descriptor: master, toSocketAt: consoleSocket)
                    } catch {
                        throw .system(what: "send the terminal to the console socket \(consoleSocket)", error)
                    }
                }
                if let pidFile {
                    do throws(ExitCode) {
                        try OCIContainer.writePidFile(pidFile, pid: pid, command: "exec")
                    } catch {
                        throw .badOption("the pid file \(pidFile) is not written")
                    }
                }
            } : nil
            let status: Int32
            do {
                status = try Enter.run(request, name: name, store: state.store, detach: detached).shellStatus
            } catch {
                throw StateConsole.fail("exec", error, status: error.exitStatus)
            }
            throw ExitCode(status)
        }
    }
}
