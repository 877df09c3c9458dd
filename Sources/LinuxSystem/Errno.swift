import Glibc

/// An errno value: the one place its words come from (strerror).
public struct Errno: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rawValue: Int32

    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// errno as the last failed call left it.
    @inlinable public static var current: Errno { Errno(rawValue: Glibc.errno) }

    /// `No such file or directory`; `errno N` for a value the C library has no words for.
    public var description: String {
        guard let text = strerror(rawValue) else { return "errno \(rawValue)" }
        return String(cString: text)
    }
}
