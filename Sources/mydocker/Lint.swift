import Arguments
import Runtime
import Seccomp
import Spec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension MyDocker {
    struct Lint: Command {
        static let spec = CommandSpec(
            name: "lint",
            abstract: "Check specs for errors.",
            discussion: """
            PATH is a spec file, a folder (searched recursively for *.yaml, *.yml and *.json; names starting \
            with a dot are skipped), or - for standard input.

            Which files of a repository are specs is set once in a .mydocker-lint.yaml, found by walking up \
            from PATH to the repository's root: `include:` and `exclude:` list patterns as .gitignore writes \
            them (`specs/`, `**/*.spec.yaml`, `*.schema.json`), relative to its folder, and `disable:` lists rule \
            ids to silence in every file. Folder walks take only what it and --exclude leave; a file named on \
            the command line is always linted, unless --force-exclude (for pre-commit, which names every \
            changed file).

            Silence a rule on the next line with a comment `# mydocker-lint disable=RULE-ID[,RULE-ID]`, \
            or in the whole file with `# mydocker-lint disable-file=RULE-ID`. `--list-rules` lists the ids.

            Exit status: 0 no errors (warnings are allowed unless --strict), 1 problems found, \
            125 usage error, a path that cannot be read or a configuration that cannot be used.
            """,
            arguments: [
                .positional("path", .zeroOrMore, help: "Spec files, folders, or - for standard input.", completion: CompletionTable.specFiles),
                .option("format", help: "Output format: sarif is SARIF 2.1.0, github annotates a GitHub Actions run.", allowedValues: ["text", "json", "sarif", "github"], defaultValue: "text"),
                .flag("strict", help: "Warnings fail too (exit status 1)."),
                .option(
                    "color", valueName: "when", help: "Colour in text output: auto (a terminal, and NO_COLOR unset), always or never.",
                    allowedValues: ["auto", "always", "never"], defaultValue: "auto"
                ),
                .flag("list-rules", help: "Print every rule id with what it checks, and exit."),
                .option(
                    "exclude", valueName: "glob", help: "Leave out files and folders matching GLOB in folder walks (relative to the current folder; repeatable).",
                    repeating: true
                ),
                .flag("force-exclude", help: "Apply the configuration's patterns and --exclude to files named on the command line too."),
                .option("config", valueName: "file", help: "The lint configuration to use instead of the .mydocker-lint.yaml found above each PATH."),
                .flag("no-config", help: "Use no lint configuration: every spec file of a folder, every rule."),
            ]
        )

        let paths: [String]
        let format: String
        let strict: Bool
        let color: String
        let listRules: Bool
        let excludes: [String]
        let forceExclude: Bool
        let config: String?
        let noConfig: Bool
        /// Kept for the usage line, rendered only when a usage error needs it.
        let arguments: ParsedArguments

        init(_ arguments: ParsedArguments) {
            paths = arguments.values("path")
            format = arguments.value("format") ?? "text"
            strict = arguments.flag("strict")
            color = arguments.value("color") ?? "auto"
            listRules = arguments.flag("list-rules")
            excludes = arguments.values("exclude")
            forceExclude = arguments.flag("force-exclude")
            config = arguments.value("config")
            noConfig = arguments.flag("no-config")
            self.arguments = arguments
        }

        func run() throws(ExitCode) {
            if listRules {
                var out = OutputBuffer()
                for rule in Linter.rules { out.append("\(rule.id)\t\(rule.severity.rawValue)\t\(rule.summary)\n") }
                out.flush()
                return
            }
            guard !paths.isEmpty else {
                throw usage("give at least one PATH: a spec file, a folder, or - for standard input")
            }
            if noConfig, config != nil { throw usage("--config and --no-config cannot be given together") }
            var globs: [PathGlob] = []
            for pattern in excludes {
                guard let glob = PathGlob(pattern) else { throw usage("--exclude `\(pattern)` matches no path") }
                globs.append(glob)
            }
            var run = LintRun(format: format, color: useColor())
            run.selection = LintSelection(currentDirectory: run.currentDirectory, excludes: globs, forceExclude: forceExclude, configPath: config,
                                          usesConfig: !noConfig)
            for path in paths { run.lint(argument: path) }
            run.finish()
            let failed = run.errors > 0 || (strict && run.warnings > 0)
            if run.unreadable { throw ExitCode(ExitStatus.specRefused) }
            if failed { throw ExitCode(1) }
        }

        func useColor() -> Bool {
            switch color {
            case "always": return true
            case "never": return false
            default:
                if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
                if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
                return isatty(1) == 1
            }
        }

        func usage(_ message: String) -> ExitCode {
            var err = OutputBuffer(fd: 2)
            err.append("mydocker lint: \(message)\n")
            err.append("Usage: " + arguments.usage + "\n  See 'mydocker lint --help' for more.\n")
            err.flush()
            return ExitCode(ExitStatus.usage)
        }
    }
}

/// One `mydocker lint` invocation: finds the files, lints each, prints as it goes (text, github) or at the end.
struct LintRun {
    let format: String
    let color: Bool
    let currentDirectory = SpecFile.currentDirectory()
    var out = OutputBuffer()
    var err = OutputBuffer(fd: 2)
    /// Diagnostics kept for the json and sarif formats, which print one document at the end.
    var kept: [LoadResult] = []
    var files = 0
    var errors = 0
    var warnings = 0
    var unreadable = false
    var readStandardInput = false
    /// Folder as written → absolute base directory, so that files of one folder resolve it once.
    var baseDirectories: [String: String] = [:]
    /// Which files are specs (.mydocker-lint.yaml, --exclude), and the rules their configuration disables.
    var selection: LintSelection
    var disabled: Set<String> = []

    init(format: String, color: Bool) {
        self.format = format
        self.color = color
        selection = LintSelection(currentDirectory: currentDirectory)
    }

    mutating func lint(argument path: String) {
        do throws(LintSelection.Failure) {
            if path == "-" {
                guard !readStandardInput else { return }
                readStandardInput = true
                disabled = try selection.config(for: currentDirectory)?.disable ?? []
                lint(file: "<stdin>", read: { () throws(SpecFile.ReadError) in try SpecFile.readStandardInput() }, baseDirectory: currentDirectory)
                return
            }
            let kind: SpecFile.Kind
            do { kind = try SpecFile.kind(of: path) } catch { throw .unreadable(error) }
            switch kind {
            case .file:
                let (takes, config) = try selection.explicitFile(path)
                guard takes else { return }
                disabled = config?.disable ?? []
                lint(path: path)
            case .directory:
                let (files, config) = try selection.files(in: path)
                disabled = config?.disable ?? []
                for file in files { lint(path: file) }
            }
        } catch {
            switch error {
            case .unreadable(let error): cannotRead(error)
            case .config(let error): badConfig(error)
            }
        }
    }

    mutating func lint(path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        let base: String
        if let known = baseDirectories[folder] {
            base = known
        } else {
            base = SpecFile.baseDirectory(of: path, currentDirectory: currentDirectory)
            baseDirectories[folder] = base
        }
        lint(file: path, read: { () throws(SpecFile.ReadError) in try SpecFile.read(path: path) }, baseDirectory: base)
    }

    mutating func lint(file: String, read: () throws(SpecFile.ReadError) -> [UInt8], baseDirectory: String) {
        let bytes: [UInt8]
        do {
            bytes = try read()
        } catch {
            cannotRead(error)
            return
        }
        files += 1
        var result = Linter.lint(bytes: bytes, file: file, baseDirectory: baseDirectory, external: SeccompLint.findings)
        if !disabled.isEmpty { result.diagnostics.removeAll { disabled.contains($0.ruleID) } }
        for d in result.diagnostics {
            if d.severity == .error { errors += 1 } else { warnings += 1 }
        }
        guard !result.diagnostics.isEmpty else { return }
        switch format {
        case "text": out.append(DiagnosticText.render(result, color: color))
        case "github": out.append(DiagnosticText.github([result]))
        default: kept.append(LoadResult(spec: nil, diagnostics: result.diagnostics))
        }
    }

    mutating func cannotRead(_ error: SpecFile.ReadError) {
        unreadable = true
        out.flush()
        err.append("mydocker lint: cannot read \(DisplayText.escaped(error.path)): \(error.reason)\n")
        err.flush()
    }

    /// A lint configuration that cannot be used stops its PATH, as a path that cannot be read does (exit 125).
    mutating func badConfig(_ error: LintConfig.Error) {
        unreadable = true
        out.flush()
        err.append("mydocker lint: \(error)\n")
        err.flush()
    }

    mutating func finish() {
        switch format {
        case "json": out.append(DiagnosticText.json(kept))
        case "sarif": out.append(DiagnosticText.sarif(kept))
        default: break
        }
        out.flush()
        if format == "text", errors + warnings > 0 {
            err.append(DiagnosticText.summary(errors: errors, warnings: warnings, files: files) + "\n")
            err.flush()
        }
    }
}

/// Buffered output straight to a file descriptor (no stdio, no Foundation), flushed in large writes.
struct OutputBuffer {
    let fd: Int32
    private var bytes: [UInt8] = []
    /// errno of the first write that failed (disk full, closed descriptor), 0 while every write succeeded.
    private(set) var writeError: Int32 = 0

    init(fd: Int32 = 1) {
        self.fd = fd
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        let failed = StateConsole.write(fd, bytes)
        if failed != 0 && writeError == 0 { writeError = failed }
        bytes.removeAll(keepingCapacity: true)
    }
}
