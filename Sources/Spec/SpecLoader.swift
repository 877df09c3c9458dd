import YAML

/// The result of reading one spec file: the spec when it could be built, and every problem found on the way.
public struct LoadResult: Sendable {
    /// Present whenever the file held a mapping, even one with errors: check ``hasErrors`` before using it.
    public var spec: ContainerSpec?
    public var diagnostics: [Diagnostic]
    /// The bytes that were read, so that messages can show the offending line.
    public var source: [UInt8]

    public init(spec: ContainerSpec?, diagnostics: [Diagnostic], source: [UInt8] = []) {
        self.spec = spec
        self.diagnostics = diagnostics
        self.source = source
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

public enum SpecLoader {
    /// Reads and decodes the spec file at `path` (relative paths inside resolve against its folder).
    /// A file that cannot be read gives one `unreadable-file` error.
    public static func load(path: String) -> LoadResult {
        do {
            let bytes = try SpecFile.read(path: path)
            return load(bytes: bytes, file: path, baseDirectory: SpecFile.baseDirectory(of: path))
        } catch {
            return LoadResult(spec: nil, diagnostics: [unreadable(error)])
        }
    }

    /// Decodes spec text. `file` is only for messages; `baseDirectory` resolves relative paths. Diagnostics are sorted by position.
    /// Only decoding problems are reported here; ``Linter/lint(bytes:file:baseDirectory:)`` adds the semantic rules.
    public static func load(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        var result = decode(bytes: bytes, file: file, baseDirectory: baseDirectory).result
        result.diagnostics = Linter.sorted(result.diagnostics)
        return result
    }

    static func unreadable(_ error: SpecFile.ReadError) -> Diagnostic {
        Diagnostic(file: error.path, position: SourcePosition(line: 1, column: 1), severity: .error,
                   message: "cannot read the file: \(error.reason)", ruleID: LintRuleID.unreadableFile.rawValue)
    }

    /// The most positions a decode reserves room for ahead.
    static let positionsReserved = 512

    static func decode(bytes: [UInt8], file: String, baseDirectory: String) -> (result: LoadResult, origins: ElementOrigins) {
        let root: Node
        do {
            root = try YAMLParser.parse(bytes)
        } catch {
            let rule: LintRuleID = switch error.kind {
            case .syntax, .alias: .yamlSyntax
            case .tooLarge: .inputTooLarge
            case .tooDeep: .tooDeep
            case .tooManyNodes: .tooManyNodes
            case .empty: .emptyFile
            case .multipleDocuments: .multipleDocuments
            }
            let notes = error.note.map { [Diagnostic.Note(position: SourcePosition($0.mark), message: $0.message)] } ?? []
            let d = Diagnostic(file: file, position: SourcePosition(error.mark), severity: rule.severity, message: error.message,
                               ruleID: rule.rawValue, notes: notes)
            return (LoadResult(spec: nil, diagnostics: [d], source: bytes), ElementOrigins())
        }
        var decoder = SpecDecoder(file: file, baseDirectory: baseDirectory, syntax: SpecSyntax.of(file: file, bytes: bytes))
        // About one key or value per six bytes of a typical spec: avoids growing the table while decoding. At most
        // ``positionsReserved`` ahead, past which a larger spec grows the table instead: a hardened config.json is
        // mostly seccomp names that take no position (a few hundred positions in 17 KB), and the table reserved for
        // its size was 4096 buckets, a 128 KiB mapping of its own faulted in page by page and unmapped at every run.
        decoder.positions.reserveCapacity(min(bytes.count / 6, positionsReserved))
        let spec = decoder.spec(root)
        return (LoadResult(spec: spec, diagnostics: decoder.diagnostics, source: bytes), decoder.origins)
    }
}

/// How a spec is written, which decides whether sizes may have units.
enum SpecSyntax: Sendable, Equatable {
    case yaml, json

    /// A `.json` file is JSON and a `.yaml` or `.yml` file YAML; any other name (standard input, `-`) is JSON
    /// when its first character other than white space (and a byte order mark) is `{`.
    static func of(file: String, bytes: [UInt8]) -> SpecSyntax {
        let name = file.lowercased()
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return .yaml }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes[start...].first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }
}
