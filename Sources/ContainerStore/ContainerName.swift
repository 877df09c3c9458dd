import LinuxSystem
/// Container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}`, like docker's, and made up when none is given.
public enum ContainerName {
    public static let maxLength = 64

    /// Why `name` is not a valid container name, or nil when it is.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return "a name cannot be empty" }
        guard bytes.count <= maxLength else { return "a name has at most \(maxLength) characters" }
        guard isAlphanumeric(first) else { return "a name starts with a letter or a digit" }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else {
            return "a name holds only letters, digits, \"_\", \".\" and \"-\""
        }
        return nil
    }

    public static func isValid(_ name: String) -> Bool { problem(with: name) == nil }

    /// Throws ``ContainerError/invalidName(_:reason:)`` when `name` is not valid.
    public static func validate(_ name: String) throws(ContainerError) {
        if let reason = problem(with: name) { throw .invalidName(name, reason: reason) }
    }

    /// A fresh name such as `brave_turing`, or `mydocker-3fa9c1` when the pairs tried are all taken.
    public static func generate<R: RandomNumberGenerator>(using random: inout R, isTaken: (String) -> Bool) -> String {
        for _ in 0..<32 {
            let candidate = "\(adjectives.randomElement(using: &random) ?? "quiet")_\(nouns.randomElement(using: &random) ?? "box")"
            if !isTaken(candidate) { return candidate }
        }
        while true {
            let hex = String(UInt32.random(in: 0...0xFF_FFFF, using: &random), radix: 16)
            let candidate = "mydocker-" + String(repeating: "0", count: 6 - hex.count) + hex
            if !isTaken(candidate) { return candidate }
        }
    }

    public static func generate(isTaken: (String) -> Bool) -> String {
        var random = SystemRandomNumberGenerator()
        return generate(using: &random, isTaken: isTaken)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static let adjectives = [
        "agile", "bold", "brave", "bright", "calm", "clever", "eager", "fair", "gentle", "happy",
        "jolly", "keen", "kind", "lively", "lucid", "merry", "nimble", "noble", "proud", "quick",
        "quiet", "sharp", "shy", "steady", "sunny", "swift", "tidy", "vivid", "warm", "witty",
    ]
    static let nouns = [
        "babbage", "bohr", "curie", "darwin", "dijkstra", "euler", "faraday", "fermi", "galois", "gauss",
        "hopper", "hypatia", "kepler", "knuth", "lamport", "lovelace", "meitner", "newton", "noether", "pascal",
        "planck", "ritchie", "shannon", "tesla", "thompson", "torvalds", "turing", "volta", "wozniak", "yalow",
    ]
}
