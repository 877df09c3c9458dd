import Arguments
import Runtime

extension MyDocker {
    /// `__manual`: the manual page, mydocker(1), generated from the command table (`make man`; hidden).
    struct Manual: Command {
        static let spec = CommandSpec(
            name: "__manual",
            abstract: "Internal: print the manual page, mydocker(1), in man(7) macros (make man).",
            isHidden: true
        )

        init(_ arguments: ParsedArguments) {}

        func run() throws(ExitCode) {
            StateConsole.out(ManPage.render(CompletionTable.root, section: 1, sections: Self.sections))
        }

        static let sections: [ManPage.Section] = [
            ManPage.Section("Exit status", ExitStatus.described.map { "\($0.status)\t\($0.meaning)" }),
            ManPage.Section("Environment", [
                "MYDOCKER_ROOT\tWhere container state lives when --root is not given (default /run/mydocker).",
                "NO_COLOR\tWhen set and not empty, diagnostics are never coloured.",
                "LISTEN_FDS, LISTEN_PID\tSocket activation: with LISTEN_PID the pid of apply, descriptors 3 to 3+LISTEN_FDS-1 pass into the container, which finds both set for its process.",
            ]),
            ManPage.Section("Files", [
                "/run/mydocker\tThe default state root: one folder per named container (state, log, spec).",
                "/run/mydocker/.seccomp\tCompiled seccomp filters, kept by content.",
            ]),
            ManPage.Section("See also", ["runc(8), crun(1), docker(1), namespaces(7), cgroups(7), seccomp(2)"]),
        ]
    }
}
