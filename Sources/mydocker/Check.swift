import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Network
import Runtime
import Glibc
import Planner
import Spec

extension MyDocker {
    struct Check: Command {
        static let spec = CommandSpec(
            name: "check",
            abstract: "Say what this kernel allows, or whether it can run a spec.",
            discussion: """
            Without SPEC: one line per namespace type (supported, the limit in /proc/sys/user/max_*_namespaces \
            and how many exist now), loop devices, the file system types specs use, the cgroup mode, whether \
            users other than root may create user namespaces, the CNI plugins and iptables a spec's network \
            section needs, and whether IPv4 forwarding is on. Exit 0.

            With SPEC: lints it, then makes the checks apply makes before it changes anything (root, namespace \
            support and limits, rootfs and mount sources, loop devices, file system types), without running \
            anything. Exit 1 when this host cannot run it, saying why (lint's errors, printed as lint prints them, \
            among them); 125 when the spec cannot be read or is not YAML.
            """,
            arguments: [
                .positional("spec", .optional, help: "A spec file to check this host against.", completion: CompletionTable.specFiles),
                .option(
                    "format", help: "Output format: text or json.",
                    allowedValues: Format.allCases.map(\.rawValue), defaultValue: Format.text.rawValue
                ),
            ]
        )

        enum Format: String, CaseIterable {
            case text, json
        }

        let specPath: String?
        let format: Format

        init(_ arguments: ParsedArguments) {
            specPath = arguments.value("spec")
            format = arguments.value("format", as: Format.self) ?? .text
        }

        func run() throws(ExitCode) {
            guard let spec = specPath else {
                let facts = KernelFacts.read()
                switch format {
                case .text: StateConsole.out(KernelReport.text(facts))
                case .json: StateConsole.out(KernelReport.json(facts).rendered() + "\n")
                }
                return
            }
            // What apply would find on this host's files too (a command missing from the root file system).
            guard let result = SpecInput.lint(spec, command: "check", readingHost: true) else { throw ExitCode(ExitStatus.specRefused) }
            guard !result.hasErrors, let loaded = result.spec else {
                StateConsole.error(DiagnosticText.render(result, color: StateConsole.stderrInColor))
                throw ExitCode(SpecInput.refusal(result))
            }
            var lines = SpecCheck.lines(for: Planner.plan(loaded), host: .live())
            if let network = loaded.network, network.attaches {
                lines += NetworkReport.lines(NetworkFacts.read(), failing: true)
                lines += NetworkReport.lines(network, store: NetworkStore(root: StateStore(rootOption: nil).root))
            }
            let canRun = SpecCheck.canRun(lines)
            switch format {
            case .text:
                let failures = lines.filter { $0.verdict == .fail }.count
                let verdict = canRun
                    ? "this host can run \(spec)"
                    : "this host cannot run \(spec): \(failures) problem\(failures == 1 ? "" : "s") above"
                StateConsole.out(lines.map { $0.text + "\n" }.joined() + verdict + "\n")
            case .json:
                StateConsole.out(ReportJSON.object([
                    ("spec", .string(spec)), ("canRun", .bool(canRun)), ("checks", .array(lines.map(\.json))),
                ]).rendered() + "\n")
            }
            if !canRun { throw ExitCode(1) }
        }
    }
}
