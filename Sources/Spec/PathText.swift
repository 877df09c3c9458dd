/// Lexical path and JSON pointer helpers (no file system access).
enum PathText {
    /// `path` made absolute against `base` when relative, with `.` and `..` segments and doubled slashes folded.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        return normalize(base + "/" + path)
    }

    static func normalize(_ path: String) -> String {
        let bytes = Array(path.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        var segmentStarts: [Int] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count, bytes[i] == UInt8(ascii: "/") { i += 1 }
            var j = i
            while j < bytes.count, bytes[j] != UInt8(ascii: "/") { j += 1 }
            switch j - i {
            case 0:
                break
            case 1 where bytes[i] == UInt8(ascii: "."):
                break
            case 2 where bytes[i] == UInt8(ascii: ".") && bytes[i + 1] == UInt8(ascii: "."):
                if let start = segmentStarts.popLast() { out.removeSubrange(start...) }
            default:
                segmentStarts.append(out.count)
                out.append(UInt8(ascii: "/"))
                out.append(contentsOf: bytes[i..<j])
            }
            i = j
        }
        return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
    }

    /// The folder part of a path ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// One RFC 6901 reference token: `~` becomes `~0`, `/` becomes `~1`.
    static func pointerToken(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// Whether a path has a `..` segment.
    static func hasDotDot(_ path: String) -> Bool {
        path.split(separator: "/").contains("..")
    }
}
