import YAML

/// Why a Docker-format seccomp profile could not be read or converted: what is wrong, and where in the file
/// when it is one value (1-based line and column).
public struct DockerProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ message: String, at mark: Mark) {
        self.init(message, line: mark.line, column: mark.column)
    }

    /// `LINE:COL: message`, or the message alone.
    public var description: String {
        guard let line, let column else { return message }
        return "\(line):\(column): \(message)"
    }
}
