/// Strings joined with a separator, by a plain loop. The standard library's `joined(separator:)` (and `+=` of a
/// Substring) are generic over the sequence: their first call in a process looks the element type up through the
/// Swift runtime's demangler, tens of microseconds that apply, its zygote and the container's child each paid on
/// their start-up paths (the state root, a cgroup's directories, every mount point).
public enum Joined {
    public static func strings(_ parts: ArraySlice<String>, separator: String) -> String {
        var out = ""
        var first = true
        for part in parts {
            if !first { out += separator }
            first = false
            out += part
        }
        return out
    }

    public static func strings(_ parts: [String], separator: String) -> String {
        strings(parts[...], separator: separator)
    }

    public static func substrings(_ parts: [Substring], separator: String) -> String {
        var out = ""
        var first = true
        for part in parts {
            if !first { out += separator }
            first = false
            out.append(contentsOf: part)
        }
        return out
    }
}
