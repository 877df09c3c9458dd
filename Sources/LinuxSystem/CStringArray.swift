import Glibc

/// A NULL-terminated array of C strings that lives as long as the value: argv and envp for execve and the
/// spawners of the C shim. The one place mydocker makes such an array.
public final class CStringArray {
    public let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    public let count: Int

    public init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointers[i] = strdup(s) }
        pointers[strings.count] = nil
    }

    deinit {
        for i in 0..<count { free(pointers[i]) }
        pointers.deallocate()
    }

    /// The array as `const char *const *`.
    public var constPointers: UnsafePointer<UnsafePointer<CChar>?> {
        UnsafeRawPointer(pointers).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }

    /// The environment of this process (`environ`), as `NAME=value` words.
    public static func environment() -> [String] {
        var words: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            words.append(String(cString: entry))
            cursor += 1
        }
        return words
    }
}
