import Glibc
import LinuxSystem

/// What `mydocker exec` was asked: the command and how it differs from the container's own process.
public struct ExecRequest: Sendable, Equatable {
    public var arguments: [String]
    /// `--user USER[:GROUP]`, each a name or a number (see ``UserSpec``): nil keeps the container process's user
    /// (a UID alone keeps its gid).
    public var user: String?
    /// `--cwd DIR`: nil keeps the container process's working directory.
    public var cwd: String?
    /// `--env K=V` (or `K`, taken from our environment), added to the container process's environment.
    public var env: [String]
    /// `--tty`: a pseudo-terminal for the command.
    public var tty: Bool
    /// `--preserve-fds N`: our descriptors 3 … 3+N-1 are passed to the command (as runc's flag); none otherwise.
    public var preserveFDs: Int
    /// The environment is `env` alone, not the container process's with `env` over it (`exec --process FILE`: the
    /// file's process is the whole of it, as runc's).
    public var replacesEnvironment = false

    public init(arguments: [String], user: String? = nil, cwd: String? = nil, env: [String] = [], tty: Bool = false,
                preserveFDs: Int = 0) {
        self.preserveFDs = preserveFDs
        self.arguments = arguments
        self.user = user
        self.cwd = cwd
        self.env = env
        self.tty = tty
    }

    /// `--user` parsed; nil without it.
    func userSpec() throws(EnterError) -> UserSpec? {
        guard let user else { return nil }
        return try UserSpec(parsing: user)
    }

    /// The identity to take: `--user` over the container's, names resolved through `database` (the container's
    /// /etc/passwd and /etc/group, see ``UserDatabase/resolve(_:containerGID:)``).
    func identity(
        containerUID: UInt32, containerGID: UInt32, containerGroups: [UInt32], database: UserDatabase = UserDatabase()
    ) throws(EnterError) -> (uid: UInt32, gid: UInt32, groups: [UInt32]) {
        guard let spec = try userSpec() else { return (containerUID, containerGID, containerGroups) }
        return try database.resolve(spec, containerGID: containerGID)
    }

    /// The container process's environment with `--env` applied (a later word for the same name wins),
    /// a PATH when there is none, and TERM with `--tty`.
    public func environment(container: [String]) -> [String] {
        var result = replacesEnvironment ? [] : container
        func set(_ word: String) {
            let name = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? word
            if let index = result.firstIndex(where: { $0 == name || $0.hasPrefix(name + "=") }) {
                result[index] = word
            } else {
                result.append(word)
            }
        }
        for word in env {
            if word.contains("=") {
                set(word)
            } else if let value = getenv(word) {
                set(word + "=" + String(cString: value))
            }
        }
        if !result.contains(where: { $0.hasPrefix("PATH=") }) {
            result.append("PATH=" + ExecSearch.defaultPath)
        }
        if tty && !result.contains(where: { $0.hasPrefix("TERM=") }) {
            result.append("TERM=xterm")
        }
        return result
    }
}
