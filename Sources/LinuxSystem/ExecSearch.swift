/// Where execve looks for a command: the way execvp(3) searches PATH, but in the command's own environment
/// (mydocker's is not the container's). The one PATH rule and the one default PATH of mydocker: apply's child and
/// its minimal init, and `mydocker exec`, compute their exec candidates here and hand them to md_spawn or execve.
public enum ExecSearch {
    /// PATH when the environment has none (runc's and docker's default).
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The PATH of `env` (`NAME=value` words; the first PATH wins, as getenv does), or the default.
    public static func path(in env: [String]) -> String {
        for word in env where word.hasPrefix("PATH=") {
            return String(word.dropFirst(5))
        }
        return defaultPath
    }

    /// The files to try, in order: `name` itself when it contains a slash, else each PATH entry joined with
    /// it (an empty entry is the current directory, as in execvp).
    public static func candidates(for name: String, path: String) -> [String] {
        if name.contains("/") { return [name] }
        if name.isEmpty { return [] }
        return path.split(separator: ":", omittingEmptySubsequences: false).map { dir in
            dir.isEmpty ? name : (dir.hasSuffix("/") ? "\(dir)\(name)" : "\(dir)/\(name)")
        }
    }
}
