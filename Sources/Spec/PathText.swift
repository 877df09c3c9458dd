/// Lexical path and JSON pointer helpers (no file system access).
enum PathText {
    /// `path` made absolute against `base` when relative, with `.` and `..` segments and doubled slashes folded.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        return normalize(base + "/" + path)
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder part of a path ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// One RFC 6901 reference token: `~` becomes `~0`, `/` becomes `~1`.
    static func pointerToken(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// Whether a path has a `..` segment.
    static func hasDotDot(_ path: String) -> Bool {
        path.split(separator: "/").contains("..")
    }
}
