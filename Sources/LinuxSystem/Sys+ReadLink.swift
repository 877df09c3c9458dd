import Glibc

extension Sys {
    /// readlink(2) of `path`: where the link points (`uts:[4026531838]` for /proc/PID/ns/uts), nil when it cannot
    /// be read.
    public static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
