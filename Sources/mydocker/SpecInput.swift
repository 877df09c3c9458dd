import Runtime
import Spec

/// The spec of the commands that use one (plan, check, apply): read, and refused, the same way by each. A spec
/// that cannot be read is one line, `mydocker COMMAND: cannot read PATH: REASON`; one that is not YAML (or holds no
/// spec at all) or has errors is its diagnostics as `mydocker lint` prints them. The first two exit
/// ``ExitStatus/specRefused`` from every command; a spec with errors is plan's and check's answer (1), and apply's
/// refusal (125).
enum SpecInput {
    /// The bytes of `path` (standard input for `-`), or nil once it said why they cannot be read.
    static func read(_ path: String, command: String) -> [UInt8]? {
        do {
            return path == "-" ? try SpecFile.readStandardInput() : try SpecFile.read(path: path)
        } catch {
            cannotRead(error, command: command)
            return nil
        }
    }

    /// `mydocker COMMAND: cannot read PATH: REASON`, as lint says it of a path.
    static func cannotRead(_ error: SpecFile.ReadError, command: String) {
        StateConsole.error("mydocker \(command): cannot read \(error.path == "-" ? "standard input" : error.path): \(error.reason)\n")
    }

    /// The folder relative paths in the spec at `path` resolve against: the spec's own, or the current one for `-`.
    static func baseDirectory(of path: String) -> String {
        path == "-" ? SpecFile.currentDirectory() : SpecFile.baseDirectory(of: path)
    }

    /// The status of plan and check for a spec lint refuses: 125 when the file holds no spec at all (it is not YAML,
    /// is empty, is not a mapping), as for one that cannot be read; 1, their answer, for a spec with errors.
    static func refusal(_ result: LoadResult) -> Int32 {
        result.spec == nil ? ExitStatus.specRefused : ExitStatus.no
    }

    /// The spec at `path` linted (``Linter/lint(bytes:file:baseDirectory:readingHost:)``: with `readingHost`, the
    /// rules that read the host's files too), or nil once it said why it cannot be read.
    static func lint(_ path: String, command: String, readingHost: Bool = false) -> LoadResult? {
        guard let bytes = read(path, command: command) else { return nil }
        return Linter.lint(bytes: bytes, file: path, baseDirectory: baseDirectory(of: path), readingHost: readingHost)
    }
}
