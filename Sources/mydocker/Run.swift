import Arguments
import Glibc
import ContainerStore
import Containers
import LinuxSystem
import Planner
import Runtime

extension MyDocker {
    /// runc's `run`: create + start, and in the foreground wait + delete.
    struct Run: Command {
        static let spec = CommandSpec(
            name: "run",
            abstract: "Create and start a container from an OCI bundle, and wait for it (runc's run).",
            discussion: """
            In the foreground: the container runs as under create and start, signals mydocker receives are passed to \
            its process, a terminal (process.terminal) is relayed to mydocker's own (or sent to --console-socket), and \
            once the process ends the container is deleted (poststop hooks run) and run exits with its status (128+N \
            when signal N killed it). \
            With --detach: create and start, and run exits at once, the container left to its caller.
            """,
            arguments: OCIArguments.bundleArguments + [
                .flag("detach", short: "d", help: "Return once the container is started, without waiting for it."),
            ] + OCIArguments.setupArguments + [
                .positional("id", help: "The container's ID."),
                StateRootOptions.argument,
            ]
        )

        let container: OCIContainer
        let detach: Bool

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            container = try OCIArguments.container(arguments, command: "run")
            detach = arguments.flag("detach")
        }

        func run() throws(ExitCode) {
            if detach {
                _ = try container.create()
                do {
                    try OCIHooks.start(container.id, store: container.store)
                } catch {
                    throw StateConsole.fail("run", error)
                }
                return
            }
            let status = container.consoleSocket == nil ? try foreground() : try foregroundOnConsoleSocket()
            if status != 0 { throw ExitCode(status) }
        }

        /// With --console-socket in the foreground: create and start (the terminal goes to the socket), then wait for
        /// the process, this process's child still, and delete the container.
        func foregroundOnConsoleSocket() throws(ExitCode) -> Int32 {
            let (_, pid) = try container.create()
            do {
                try OCIHooks.start(container.id, store: container.store)
            } catch {
                _ = try? container.store.delete(container.id, force: true)
                throw StateConsole.fail("run", error)
            }
            var status: Int32 = 0
            _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
            let specBytes = try? container.store.spec(of: container.id)
            if let removed = try? container.store.delete(container.id, force: true), let bundle = removed.bundle, let specBytes {
                OCIHooks.run("poststop", specBytes: specBytes, state: removed, bundle: bundle, status: "stopped")
            }
            return ProcessExit(waitStatus: status).shellStatus
        }

        /// The process's status once it ended and the container is deleted.
        func foreground() throws(ExitCode) -> Int32 {
            guard let loaded = container.load(), let spec = loaded.spec else { throw ExitCode(1) }
            let claimed = try container.claimForRun(loaded, spec: spec)
            let record = claimed.record
            var options = claimed.options
            let container = self.container
            options.onStarted = { pid in
                _ = try? record.markRunning(pid: pid)
                if (try? container.writePidFile(pid)) == nil, let pidFile = container.pidFile {
                    StateConsole.error("mydocker run: warning: the pid file \(pidFile) is not written\n")
                }
            }
            let plan = Planner.plan(spec, init: .onRequest)
            let exit: ProcessExit
            do {
                exit = try Executor.run(plan, options: options)
            } catch {
                container.abandon(record)
                throw StateConsole.fail("run", error.described(in: plan))
            }
            // Its poststop hooks ran as the run ended; what is left is its state.
            _ = try? container.store.delete(container.id, force: true)
            return exit.shellStatus
        }
    }
}
