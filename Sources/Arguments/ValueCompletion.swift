/// What a shell completes for the value of an option or a positional argument: fixed words, file names, and words
/// the tool prints itself (container names, which only the tool knows). Any of them together.
public struct ValueCompletion: Sendable, Equatable {
    public enum Files: Sendable, Equatable {
        case any
        case directories
        /// Files with one of these name extensions (without the dot), and folders to reach them.
        case extensions([String])
    }

    /// Words offered as they are.
    public var words: [String]
    public var files: Files?
    /// Arguments of the tool itself that print words to offer, one a line (`["__complete", "containers"]`).
    public var command: [String]?
    /// Options (long names) whose values on the command line being completed are passed on to `command`
    /// (`root`: the containers of the state root the line names).
    public var passing: [String]

    public init(words: [String] = [], files: Files? = nil, command: [String]? = nil, passing: [String] = []) {
        self.words = words
        self.files = files
        self.command = command
        self.passing = passing
    }

    public static let nothing = ValueCompletion()
    public static let files = ValueCompletion(files: .any)
    public static let directories = ValueCompletion(files: .directories)

    public static func words(_ words: [String]) -> ValueCompletion { ValueCompletion(words: words) }

    public static func files(extensions: [String]) -> ValueCompletion { ValueCompletion(files: .extensions(extensions)) }

    public static func command(_ arguments: [String], passing: [String] = []) -> ValueCompletion {
        ValueCompletion(command: arguments, passing: passing)
    }

    public var isEmpty: Bool { words.isEmpty && files == nil && command == nil }
}
