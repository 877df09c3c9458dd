/// Where execve looks for `process.args[0]`: the way execvp(3) searches PATH, but in the container's own
/// environment (the child's environment is not the container's).
enum ExecSearch {
    /// PATH when the container's environment has none (runc's and docker's default).
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The PATH of `env` (`NAME=value` words; the first PATH wins, as getenv does), or the default.
    static func path(in env: [String]) -> String {
        for word in env where word.hasPrefix("PATH=") {
            return String(word.dropFirst(5))
        }
        return defaultPath
    }

    /// The files to try, in order: `name` itself when it contains a slash, else each PATH entry joined with
    /// it (an empty entry is the current directory, as in execvp).
    static func candidates(for name: String, path: String) -> [String] {
        if name.contains("/") { return [name] }
        if name.isEmpty { return [] }
        return path.split(separator: ":", omittingEmptySubsequences: false).map { dir in
            dir.isEmpty ? name : (dir.hasSuffix("/") ? "\(dir)\(name)" : "\(dir)/\(name)")
        }
    }
}
