#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A path pattern as .gitignore writes them, for choosing which files lint takes (`.mydocker-lint.yaml`'s
/// include and exclude, `--exclude`): `*` and `?` match within one name, `[a-z]` a character of a class, `**`
/// any number of folders. A pattern without a slash matches a name at any depth (`*.json`, `schema`); one with a
/// slash matches from the folder it is relative to (`specs/**/*.yaml`, `/schema`). A trailing slash matches
/// folders only. A pattern that matches a folder matches everything in it.
public struct PathGlob: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    let segments: [String]
    let anchored: Bool
    let directoryOnly: Bool

    /// nil for a pattern that matches nothing (empty, or only slashes).
    public init?(_ pattern: String) {
        self.pattern = pattern
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        directoryOnly = text.hasSuffix("/")
        let parts = text.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return nil }
        segments = parts
        anchored = text.dropLast(directoryOnly ? 1 : 0).contains("/")
    }

    public var description: String { pattern }

    /// Whether `path` (relative, `/` between names) or a folder on the way to it matches.
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        let names = path.split(separator: "/").filter { $0 != "." }.map(String.init)
        for count in stride(from: names.count, through: 1, by: -1) {
            let isFolder = count < names.count || isDirectory
            if directoryOnly && !isFolder { continue }
            if anchored {
                if Self.match(segments, names[0..<count]) { return true }
            } else if Self.match(name: segments[0], names[count - 1]) {
                return true
            }
        }
        return false
    }

    /// Pattern segments against names, `**` standing for any number of names: a table of which prefixes match.
    static func match(_ pattern: [String], _ names: ArraySlice<String>) -> Bool {
        let names = Array(names)
        // matched[j]: the pattern so far matches the first j names.
        var matched = [Bool](repeating: false, count: names.count + 1)
        matched[0] = true
        for segment in pattern {
            var next = [Bool](repeating: false, count: names.count + 1)
            if segment == "**" {
                var any = false
                for j in 0...names.count {
                    any = any || matched[j]
                    next[j] = any
                }
            } else {
                for j in 0..<names.count where matched[j] && match(name: segment, names[j]) {
                    next[j + 1] = true
                }
            }
            matched = next
        }
        return matched[names.count]
    }

    static func match(name pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
