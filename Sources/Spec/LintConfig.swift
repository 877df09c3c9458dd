import DidYouMean
import YAML

/// `.mydocker-lint.yaml`: which files under its folder are specs, set once for a repository (as actionlint's and
/// hadolint's configuration files are), and rules a repository turns off:
///
/// ```yaml
/// include: [specs/, deploy/**/*.yaml]   # folder walks take only these (default: every *.yaml, *.yml, *.json)
/// exclude: [schema/, "*.schema.json"]   # and never these
/// disable: [loop-image-missing]         # as `# mydocker-lint disable-file=` in every file
/// ```
///
/// Patterns are ``PathGlob``s relative to the file's folder. `mydocker lint PATH` finds the file by walking up
/// from PATH to the repository's root (a folder holding `.git`). Explicit file arguments are linted whatever the
/// patterns say, unless `--force-exclude` (for pre-commit, which names files itself).
public struct LintConfig: Sendable {
    public static let fileNames = [".mydocker-lint.yaml", ".mydocker-lint.yml"]
    static let keys = ["include", "exclude", "disable"]

    /// The configuration file, as found.
    public var path: String
    /// Its folder, absolute: the patterns are relative to it.
    public var directory: String
    public var include: [PathGlob] = []
    public var exclude: [PathGlob] = []
    public var disable: Set<String> = []

    public init(path: String, directory: String) {
        self.path = path
        self.directory = directory
    }

    /// A configuration file that cannot be used: where, and why.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var position: SourcePosition
        public var message: String

        public var description: String { "\(DisplayText.escaped(path)):\(position.line):\(position.column): \(message)" }
    }

    /// Reads the file at `path` (in `directory`, absolute).
    public static func read(path: String, directory: String) throws(Error) -> LintConfig {
        let bytes: [UInt8]
        do {
            bytes = try SpecFile.read(path: path)
        } catch {
            throw Error(path: path, position: SourcePosition(line: 1, column: 1), message: "cannot read it: \(error.reason)")
        }
        return try parse(bytes, path: path, directory: directory)
    }

    public static func parse(_ bytes: [UInt8], path: String, directory: String) throws(Error) -> LintConfig {
        var config = LintConfig(path: path, directory: directory)
        let root: Node
        do {
            root = try YAMLParser.parse(bytes)
        } catch {
            if error.kind == .empty { return config }
            throw Error(path: path, position: SourcePosition(error.mark), message: error.message)
        }
        if case .null = root.resolved { return config }
        guard let pairs = root.mapping else {
            throw Error(path: path, position: SourcePosition(root.start), message: "the lint configuration must be a mapping of include, exclude and disable")
        }
        for pair in pairs {
            let key = pair.key.scalar?.value ?? ""
            guard keys.contains(key) else {
                var message = "unknown key `\(key)` in the lint configuration; expected include, exclude or disable"
                if let near = Suggestion.nearest(to: key, in: keys) { message += "; did you mean `\(near)`?" }
                throw Error(path: path, position: SourcePosition(pair.key.start), message: message)
            }
            let words = try strings(pair.value, key: key, path: path)
            switch key {
            case "include", "exclude":
                var globs: [PathGlob] = []
                for (word, node) in words {
                    guard let glob = PathGlob(word) else {
                        throw Error(path: path, position: SourcePosition(node.start), message: "`\(word)` in `\(key)` matches no path")
                    }
                    globs.append(glob)
                }
                if key == "include" { config.include = globs } else { config.exclude = globs }
            default:
                for (word, node) in words {
                    guard LintRuleID(rawValue: word) != nil else {
                        var message = "unknown rule `\(word)` in `disable`"
                        if let near = Suggestion.nearest(to: word, in: LintRuleID.allCases.map(\.rawValue)) { message += "; did you mean `\(near)`?" }
                        throw Error(path: path, position: SourcePosition(node.start), message: message)
                    }
                    config.disable.insert(word)
                }
            }
        }
        return config
    }

    /// The strings of a list (a single string is a list of one).
    static func strings(_ node: Node, key: String, path: String) throws(Error) -> [(String, Node)] {
        if case .string(let s) = node.resolved { return [(s, node)] }
        guard let items = node.sequence else {
            throw Error(path: path, position: SourcePosition(node.start), message: "`\(key)` must be a list of strings")
        }
        var out: [(String, Node)] = []
        for item in items {
            guard case .string(let s) = item.resolved else {
                throw Error(path: path, position: SourcePosition(item.start), message: "`\(key)` must be a list of strings")
            }
            out.append((s, item))
        }
        return out
    }

    /// Whether a folder walk takes the file or folder at `relativePath` (relative to ``directory``): a folder
    /// is entered unless excluded; a file is taken when some include pattern matches (or there is none) and no
    /// exclude pattern does.
    public func takes(_ relativePath: String, isDirectory: Bool) -> Bool {
        if exclude.contains(where: { $0.matches(relativePath, isDirectory: isDirectory) }) { return false }
        if isDirectory || include.isEmpty { return true }
        return include.contains { $0.matches(relativePath, isDirectory: false) }
    }
}
