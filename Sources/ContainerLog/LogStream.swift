/// Which of the container's outputs a log record holds.
public enum LogStream: UInt8, Sendable, CaseIterable {
    case stdout = 1
    case stderr = 2

    /// `stdout` or `stderr`, as a record names it.
    public var name: String { self == .stdout ? "stdout" : "stderr" }

    /// The descriptor `logs` writes it to (1 or 2).
    public var descriptor: Int32 { Int32(rawValue) }

    var nameBytes: [UInt8] { self == .stdout ? Self.stdoutBytes : Self.stderrBytes }
    static let stdoutBytes = Array("stdout".utf8)
    static let stderrBytes = Array("stderr".utf8)
}
