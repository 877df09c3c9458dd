import Arguments
import Glibc
import Planner
import Spec

extension MyDocker {
    /// `mydocker plan SPEC [--format text|json]`: what apply would do, in order, without doing it.
    ///
    /// Lints the spec first: errors are printed (as `mydocker lint` prints them) and exit 1; warnings are
    /// printed and the plan follows. A spec that cannot be read exits 2. Needs no privilege.
    struct PlanCommand: Command {
        static let spec = CommandSpec(
            name: "plan",
            abstract: "Print what apply would do, step by step, without doing it.",
            discussion: "Each step names the process that does it: the parent (mydocker in the host) or the child (in the new namespaces). Needs no privilege.",
            arguments: [
                .positional("spec", help: "The spec file (YAML or JSON), or - for standard input."),
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
            let result = try lint()
            if !result.diagnostics.isEmpty {
                let color = isatty(STDERR_FILENO) != 0 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
                writeStandardError(DiagnosticText.render(result, color: color))
            }
            guard !result.hasErrors, let spec = result.spec else { throw ExitCode(1) }
            let plan = Planner.plan(spec)
            print(format == .json ? plan.renderJSON() : plan.renderText(), terminator: "")
        }

        /// The lint result of the spec; exit 2 when it cannot be read.
        private func lint() throws(ExitCode) -> LoadResult {
            if specPath == "-" {
                let cwd = getcwd(nil, 0).map { buffer in
                    defer { free(buffer) }
                    return String(cString: buffer)
                } ?? "/"
                return Linter.lint(bytes: try readStandardInput(), file: "-", baseDirectory: cwd)
            }
            try checkReadable(specPath)
            return Linter.lint(path: specPath)
        }

        /// Exit 2 with `mydocker plan: cannot read FILE: reason` (as `mydocker lint` says it) unless `path` is a file this process can open.
        private func checkReadable(_ path: String) throws(ExitCode) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw cannotRead(path, errno) }
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw cannotRead(path, EISDIR) }
        }

        private func readStandardInput() throws(ExitCode) -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n == 0 { return bytes }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw cannotRead("standard input", errno)
                }
                bytes += buffer[0..<n]
            }
        }

        private func cannotRead(_ path: String, _ code: Int32) -> ExitCode {
            writeStandardError("mydocker plan: cannot read \(path): \(String(cString: strerror(code)))\n")
            return ExitCode(2)
        }

        /// Writes all of `text` to descriptor 2 (unbuffered, no shared C stream).
        private func writeStandardError(_ text: String) {
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                bytes = bytes.dropFirst(n)
            }
        }
    }
}
