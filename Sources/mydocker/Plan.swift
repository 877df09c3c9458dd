import Arguments
import Glibc
import Planner
import Runtime
import Spec

extension MyDocker {
    /// `mydocker plan SPEC [--format text|json]`: what apply would do, in order, without doing it.
    ///
    /// Lints the spec first: errors are printed (as `mydocker lint` prints them) and exit 1; warnings are printed and
    /// the plan follows. A spec that cannot be read or is not YAML exits 125 (``SpecInput``). Needs no privilege.
    struct PlanCommand: Command {
        static let spec = CommandSpec(
            name: "plan",
            abstract: "Print what apply would do, step by step, without doing it.",
            discussion: """
            Each step names the process that does it: the parent (mydocker in the host) or the child (in the new \
            namespaces). Needs no privilege.

            Exit status: 0; 1 when the spec has errors (printed as lint prints them); 125 when it cannot be read or is \
            not YAML.
            """,
            arguments: [
                .positional("spec", help: "The spec file (YAML or JSON), or - for standard input.", completion: CompletionTable.specFiles),
                .option(
                    "format", help: "text: a numbered list for people; json: for tools.",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.text.rawValue
                ),
            ]
        )

        enum Format: String, CaseIterable {
            case text, json
        }

        let specPath: String
        let format: Format

        init(_ arguments: ParsedArguments) {
            specPath = arguments.value("spec") ?? ""
            format = arguments.value("format", as: Format.self) ?? .text
        }

        func run() throws(ExitCode) {
            guard let result = SpecInput.lint(specPath, command: "plan") else { throw ExitCode(ExitStatus.specRefused) }
            if !result.diagnostics.isEmpty {
                let color = isatty(STDERR_FILENO) != 0 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
                StateConsole.error(DiagnosticText.render(result, color: color))
            }
            guard !result.hasErrors, let spec = result.spec else { throw ExitCode(SpecInput.refusal(result)) }
            let plan = Planner.plan(spec)
            StateConsole.out(format == .json ? plan.renderJSON() : plan.renderText())
        }
    }
}
