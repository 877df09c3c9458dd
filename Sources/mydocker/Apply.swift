import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc
import Planner
import Spec

extension MyDocker {
    struct Apply: Command {
        static let spec = CommandSpec(
            name: "apply",
            abstract: "Run the container a spec describes, in the foreground (or detached with --detach).",
            discussion: """
            Lints the spec (and refuses it on errors, printing them), plans it, and carries the plan out: \
            namespaces, ID maps, hostname, mounts, identity, then the process. stdin, stdout and stderr pass \
            through; process.terminal gives the container its own pseudo-terminal.

            Exit status: the container process's status, 128+N when signal N killed it; 127 when its command is \
            not found and 126 when it cannot be executed; 125 when mydocker itself failed before the process \
            started: a spec that cannot be read or has errors, or a failed step, reported on one line as \
            `mydocker apply: FILE:LINE: step N (what): reason`, the line of the spec element the step carries out.

            With --name, the container is recorded under that name (ps, exec, kill, rm know it). With --detach, it \
            runs in the background under a monitor, its stdout and stderr go to a log (`mydocker logs NAME`), and \
            apply prints its name (made up without --name) once its process runs.

            `apply SPEC -- CMD ARGS...` runs CMD ARGS instead of the spec's process.args (a named container keeps \
            them: restart runs them again). `apply -` reads the spec from standard input, its relative paths \
            resolved against the working directory.

            No descriptor of the caller but stdin, stdout and stderr reaches the container, unless --preserve-fds \
            passes more, or socket activation does: with LISTEN_FDS set for apply (LISTEN_PID its pid), descriptors \
            3 to 3+LISTEN_FDS-1 pass too, first, and the container's process finds LISTEN_FDS and LISTEN_PID set \
            for it.
            """,
            arguments: [
                .positional(
                    "spec", help: "The spec file (YAML, or an OCI config.json); - reads it from standard input.",
                    completion: CompletionTable.specFiles
                ),
                .option("name", help: "Name the container, so that ps, logs, exec, kill and rm know it (made up with --detach)."),
                .flag("detach", short: "d", help: "Run it in the background; print its name once its process runs."),
                RestartOption.argument,
                PreserveFDs.argument,
                StateRootOptions.argument,
                .positional("command", .afterTerminator, help: "The command and its arguments to run instead of the spec's process.args (after --)."),
            ]
        )

        let specPath: String
        /// Replaces the spec's process.args when not empty.
        let command: [String]
        let name: String?
        let detach: Bool
        let preserveFDs: Int
        let restart: RestartPolicy
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            specPath = arguments.value("spec") ?? ""
            command = arguments.values("command")
            name = arguments.value("name")
            detach = arguments.flag("detach")
            preserveFDs = try PreserveFDs.count(arguments)
            restart = try RestartOption.policy(arguments, detach: detach)
            state = StateRootOptions(arguments)
        }

        func run() {
            guard let passed = ApplyCommand.passedDescriptors(preserve: preserveFDs) else { Glibc.exit(ExitStatus.runtimeFailure) }
            guard name != nil || detach else { Glibc.exit(ApplyCommand.run(specPath: specPath, passed: passed, command: command, stateRoot: state.root)) }
            Glibc.exit(ApplyCommand.runNamed(specPath: specPath, name: name, detach: detach, store: state.store, passed: passed,
                                             restart: restart, command: command))
        }
    }
}

/// `mydocker apply SPEC`: lint, plan, execute; the exit status.
enum ApplyCommand {
    /// The word apply says when the kernel's OOM killer ended the container's process (it exits 137 like any SIGKILL).
    static let reportOOMKill: @Sendable (Int64?) -> Void = { limit in
        let detail = limit.map { "memory limit " + ByteSize.text($0) } ?? "no memory limit"
        StateConsole.error("mydocker apply: the container's process was killed by the OOM killer (\(detail))\n")
    }

    /// The caller's descriptors that go into the container: socket activation's (LISTEN_FDS), then `preserve` more
    /// (--preserve-fds). Checked before anything is opened, so that none of ours can have taken such a number. nil
    /// after saying why they cannot.
    static func passedDescriptors(preserve: Int) -> PassedDescriptors? {
        do {
            return try PassedDescriptors.fromCaller(preserve: preserve, listen: true)
        } catch {
            StateConsole.error("mydocker apply: pass descriptors into the container: \(error)\n")
            return nil
        }
    }

    /// `mydocker apply SPEC` and nothing more (main.swift's short path): socket activation's descriptors only.
    static func run(specPath: String) -> Int32 {
        guard let passed = passedDescriptors(preserve: 0) else { return ExitStatus.runtimeFailure }
        return run(specPath: specPath, passed: passed)
    }

    /// The plan of the run, held until the process exits (apply exits with ``run(specPath:passed:command:stateRoot:)``'s
    /// status at once): a hardened spec's model is thousands of small allocations, and freeing them one by one
    /// after the container had ended only delayed apply's exit.
    nonisolated(unsafe) private static var keptUntilExit: Plan?

    static func run(specPath: String, passed: PassedDescriptors, command: [String] = [], stateRoot: String? = nil) -> Int32 {
        // The container's first process starts re-executing mydocker while the spec is linted (``Zygote``).
        let zygote = passed.descriptors.isEmpty ? Zygote.start() : nil
        let prepare: ([UInt8]) -> Void = { text in
            zygote?.prepareNamespaces(Zygote.namespacesMentioned(in: text))
        }
        guard let result = load(specPath, command: command, read: prepare), !result.hasErrors, let spec = result.spec else {
            zygote?.cancel()
            return ExitStatus.specRefused
        }
        var options = RunOptions(onOOMKilled: reportOOMKill)
        options.passed = passed
        // Only a spec with a filter needs the state root (resolving it costs a start-up some microseconds).
        if spec.linux.seccomp != nil { options.seccompCache = StateStore(rootOption: nil).seccompCache }
        if spec.network != nil { options.networkRoot = StateStore(rootOption: stateRoot).root }
        let plan = Planner.plan(spec)
        keptUntilExit = plan
        if let zygote { if Zygote.canServe(plan, passed: passed) { options.zygote = zygote } else { zygote.cancel() } }
        do {
            return try Executor.run(plan, options: options).shellStatus
        } catch {
            return failed(error, plan: plan)
        }
    }

    /// `mydocker apply: FILE:LINE: step N (what): reason` for a failed step; the status apply exits with (126 or 127
    /// when the container's command cannot be executed or is not found, else 125).
    static func failed(_ error: StepError, plan: Plan) -> Int32 {
        StateConsole.error("mydocker apply: \(error.described(in: plan))\n")
        return error.exitStatus(in: plan)
    }
}

extension ApplyCommand {
    /// The spec to run, linted as a run needs it (``Linter/lintForRun(bytes:file:baseDirectory:)``), its diagnostics
    /// printed when it has errors: `-` reads it from standard input (recorded as ``StateStore/standardInputSpec``, its
    /// relative paths resolved against the working directory). `command`, when not empty, replaces its process.args;
    /// `read` sees the spec's bytes first (apply looks at them to prepare the container's namespaces meanwhile). nil
    /// once it said why the spec cannot be read (``SpecInput``).
    static func load(_ specPath: String, command: [String], read: ([UInt8]) -> Void = { _ in }) -> LoadResult? {
        guard let bytes = SpecInput.read(specPath, command: "apply") else { return nil }
        read(bytes)
        var result = Linter.lintForRun(bytes: bytes, file: recordedPath(specPath), baseDirectory: SpecInput.baseDirectory(of: specPath))
        if result.hasErrors { StateConsole.error(DiagnosticText.render(result, color: StateConsole.stderrInColor)) }
        if !command.isEmpty { result.spec?.process.args = command }
        return result
    }

    /// The spec's path as the state records it.
    static func recordedPath(_ specPath: String) -> String {
        specPath == "-" ? StateStore.standardInputSpec : specPath
    }
}
