/// A `--user USER[:GROUP]` value as `docker exec -u` takes it: each part a name or a number.
/// A part of ASCII digits only is always a number, never a name (as runc reads it).
struct UserSpec: Sendable, Equatable {
    /// One side of the value: an id taken as it is, or a name looked up in the container's /etc/passwd or /etc/group.
    enum Part: Sendable, Equatable {
        case id(UInt32)
        case name(String)
    }

    var user: Part
    /// nil: no `:GROUP`.
    var group: Part?

    init(user: Part, group: Part? = nil) {
        self.user = user
        self.group = group
    }

    /// Parses `USER[:GROUP]`; neither side may be empty, and a number must be a valid id.
    init(parsing text: String) throws(EnterError) {
        let sides = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = sides.first, !first.isEmpty, sides.count == 1 || !sides[1].isEmpty else {
            throw .badOption("--user takes USER[:GROUP], each a name or a number, not \"\(text)\"")
        }
        user = try Self.part(first, kind: "uid")
        group = sides.count == 2 ? try Self.part(sides[1], kind: "gid") : nil
    }

    /// Whether resolving it reads the container's /etc/passwd: only for a user name.
    var readsPasswd: Bool {
        if case .name = user { return true }
        return false
    }

    /// Whether resolving it reads the container's /etc/group: for a group name, or for a user name without
    /// `:GROUP` (its supplementary groups; with an explicit group it gets none, as in runc).
    var readsGroup: Bool {
        switch group {
        case .name?: true
        case .id?: false
        case nil: readsPasswd
        }
    }

    /// `digits` as an id: ASCII digits only, at most 4294967294 (4294967295 is (uid_t)-1, which setresuid and
    /// setresgid take for "leave unchanged"). nil otherwise.
    static func id(_ digits: some Collection<UInt8>) -> UInt32? {
        guard isNumber(digits) else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
            if value >= UInt64(UInt32.max) { return nil }
        }
        return UInt32(value)
    }

    private static func isNumber(_ digits: some Collection<UInt8>) -> Bool {
        !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func part(_ text: Substring, kind: String) throws(EnterError) -> Part {
        guard isNumber(text.utf8) else { return .name(String(text)) }
        guard let value = id(text.utf8) else {
            throw .badOption("--user: \(kind) \(text) is out of range (0 to \(UInt32.max - 1))")
        }
        return .id(value)
    }
}
