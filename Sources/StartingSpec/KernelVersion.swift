/// A Linux version as seccomp profiles compare them: major and minor (`5.8`), the rest of the release ignored.
public struct KernelVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// A profile's `minKernel`: exactly `MAJOR.MINOR`, as moby reads it.
    public init?(minKernel text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Self.number(parts[0]), let minor = Self.number(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The running kernel's from its release, as uname(2) gives it (`6.1.0-18-amd64`, `6.18.44-fc-v1252`, `5.4`).
    public init?(release: String) {
        let digits = release.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard digits.count >= 2, let major = Self.number(digits[0]),
              let minor = Self.number(digits[1].prefix { $0.isASCII && $0.isNumber }) else { return nil }
        self.init(major: major, minor: minor)
    }

    static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    public static func < (a: KernelVersion, b: KernelVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    public var description: String { "\(major).\(minor)" }
}
