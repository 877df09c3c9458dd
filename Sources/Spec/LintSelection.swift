/// Which files one `mydocker lint` run takes, and under which configuration: folder walks take what the
/// repository's ``LintConfig`` and `--exclude` leave; a file named on the command line is always linted, unless
/// `--force-exclude` (pre-commit names every changed file, specs or not).
public struct LintSelection {
    public enum Failure: Error, Sendable, Equatable {
        case unreadable(SpecFile.ReadError)
        case config(LintConfig.Error)
    }

    public let currentDirectory: String
    /// `--exclude`, relative to the current directory.
    public var excludes: [PathGlob]
    public var forceExclude: Bool
    /// `--config`: this file for every path, instead of the one found above it.
    public var configPath: String?
    /// False for `--no-config`: no configuration at all.
    public var usesConfig: Bool
    /// Folder → the configuration found from it (nil: none), so that each folder is looked up once.
    private var found: [String: LintConfig?] = [:]
    private var given: LintConfig??

    public init(currentDirectory: String, excludes: [PathGlob] = [], forceExclude: Bool = false, configPath: String? = nil,
                usesConfig: Bool = true) {
        self.currentDirectory = currentDirectory
        self.excludes = excludes
        self.forceExclude = forceExclude
        self.configPath = configPath
        self.usesConfig = usesConfig
    }

    /// The configuration that applies in `directory` (absolute).
    public mutating func config(for directory: String) throws(Failure) -> LintConfig? {
        guard usesConfig else { return nil }
        do throws(LintConfig.Error) {
            if let configPath {
                if let given { return given }
                let config = try LintConfig.read(path: configPath, directory: PathText.directory(of: absolute(configPath)))
                given = .some(config)
                return config
            }
            if let known = found[directory] { return known }
            let config = try LintConfig.find(from: directory)
            found[directory] = .some(config)
            return config
        } catch {
            throw .config(error)
        }
    }

    /// The spec files under the folder `directory` (as given) that the selection takes, and their configuration.
    public mutating func files(in directory: String) throws(Failure) -> (files: [String], config: LintConfig?) {
        let root = absolute(directory)
        let config = try self.config(for: root)
        do {
            // Nothing to leave out: no path to build for each file and folder.
            if excludes.isEmpty && config == nil { return (try SpecFile.specFiles(in: directory), nil) }
            let judge = self
            let files = try SpecFile.specFiles(in: directory) { relative, isDirectory in
                judge.takes(root + (root == "/" ? "" : "/") + relative, isDirectory: isDirectory, config: config)
            }
            return (files, config)
        } catch {
            throw .unreadable(error)
        }
    }

    /// Whether a file named on the command line is linted (always, unless `--force-exclude`), and its configuration.
    public mutating func explicitFile(_ path: String) throws(Failure) -> (takes: Bool, config: LintConfig?) {
        let file = absolute(path)
        let config = try self.config(for: PathText.directory(of: file))
        return (!forceExclude || takes(file, isDirectory: false, config: config), config)
    }

    /// `--exclude` (from the current directory) and the configuration's patterns (from its folder).
    func takes(_ path: String, isDirectory: Bool, config: LintConfig?) -> Bool {
        let fromHere = Self.relative(path, to: currentDirectory)
        if excludes.contains(where: { $0.matches(fromHere, isDirectory: isDirectory) }) { return false }
        guard let config else { return true }
        return config.takes(Self.relative(path, to: config.directory), isDirectory: isDirectory)
    }

    func absolute(_ path: String) -> String {
        PathText.normalize(PathText.resolve(path, against: currentDirectory))
    }

    /// `path` (absolute) from `base` (absolute); a path outside `base` stays absolute, without its leading slash.
    static func relative(_ path: String, to base: String) -> String {
        if base == "/" { return String(path.dropFirst()) }
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return String(path.drop { $0 == "/" })
    }
}
