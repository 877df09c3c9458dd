import Arguments
import Runtime

enum MyDocker {
    static let commands: [any Command.Type] = [
        Lint.self, Schema.self, SpecCommand.self, PlanCommand.self, Apply.self, Init.self, Ps.self, Logs.self, AttachCommand.self,
        Kill.self, Stop.self, Restart.self, Wait.self, Inspect.self, Top.self, Pause.self, Resume.self, Update.self, Stats.self,
        Rm.self,
        Exec.self, Check.self, Monitor.self,
        Create.self, Start.self, Run.self, StateCommand.self, Delete.self, List.self, Features.self,
        Completion.self, CompleteHelper.self, Manual.self,
    ]

    static let spec = CommandSpec(
        name: "mydocker",
        abstract: "Run Linux containers from declarative specs (OCI config.json vocabulary, in YAML).",
        discussion: "Options given before the subcommand hold for it, as runc's global options: `mydocker --root DIR ps`.",
        version: BuildVersion.line,
        arguments: [StateRootOptions.argument] + GlobalOptions.arguments,
        subcommands: commands.map { $0.spec }
    )

    /// Parses `arguments` (without the program's name) and runs the command they name; the exit status.
    /// Usage errors exit 125, as docker's (``ExitStatus/usage``); --help and --version print on stdout and exit 0.
    static func main(_ arguments: [String]) -> Int32 {
        do {
            switch try CommandLineParser.parse(arguments, root: spec) {
            case let .help(text):
                StateConsole.out(text)
            case let .version(version):
                StateConsole.out(version + "\n")
            case let .run(parsed):
                if let status = GlobalOptions.take(arguments) { return status }
                guard let command = commands.first(where: { $0.spec.name == parsed.command.name }) else {
                    preconditionFailure("MyDocker.commands lacks the type of \(parsed.command.name)")
                }
                try command.init(parsed).run()
            }
            return 0
        } catch let error as ArgumentError {
            StateConsole.error(error.report)
            return ExitStatus.usage
        } catch let exit as ExitCode {
            return exit.status
        } catch {
            StateConsole.error("mydocker: \(error)\n")
            return ExitStatus.runtimeFailure
        }
    }
}
