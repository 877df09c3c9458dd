/// An IPv4 address, parsed from dotted-quad text without the C library (lint and the planner are pure).
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Four decimal numbers 0–255 separated by dots, without leading zeros (which inet_aton reads as octal).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  part.count == 1 || part.first != "0", let byte = UInt32(part), byte <= 255 else { return nil }
            value = value << 8 | byte
        }
        self.value = value
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }

    /// Whether the text is an IPv6 address (hex groups with colons, `::` at most once, an IPv4 tail allowed): for
    /// name servers and /etc/hosts entries, which may be either.
    public static func isIPv6(_ text: String) -> Bool {
        var groups = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard groups.count >= 3 || text == "::" else { return false }
        var expected = 8
        if let last = groups.last, last.contains(".") {
            guard IPv4Address(last) != nil else { return false }
            groups.removeLast()
            expected = 6
        }
        let bytes = Array(text.utf8)
        let doubleColon = bytes.indices.dropLast().filter { bytes[$0] == 0x3A && bytes[$0 + 1] == 0x3A }.count
        guard doubleColon <= 1 else { return false }
        let filled = groups.filter { !$0.isEmpty }
        guard filled.allSatisfy({ $0.count <= 4 && $0.utf8.allSatisfy { b in (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) } }) else { return false }
        return doubleColon == 1 ? filled.count < expected : (filled.count == expected && groups.count == expected)
    }

    /// An IPv4 or IPv6 address.
    public static func isAddress(_ text: String) -> Bool { IPv4Address(text) != nil || isIPv6(text) }
}

/// An IPv4 subnet, `10.89.0.0/24`: the network's address (host bits zero) and the prefix length.
public struct IPv4Subnet: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefixLength: Int

    /// `network` with its host bits cleared, and `prefixLength` clamped to 8…30.
    public init(network: IPv4Address, prefixLength: Int) {
        self.prefixLength = min(max(prefixLength, 8), 30)
        self.network = IPv4Address(network.value & (~UInt32(0) << UInt32(32 - self.prefixLength)))
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]), let length = Int(parts[1]), (8...30).contains(length),
              parts[1].first != "+" else { return nil }
        let mask = ~UInt32(0) << UInt32(32 - length)
        guard address.value & ~mask == 0 else { return nil }
        network = address
        prefixLength = length
    }

    public var mask: UInt32 { ~UInt32(0) << UInt32(32 - prefixLength) }
    public var description: String { "\(network)/\(prefixLength)" }
    /// The first usable address, the bridge's (gateway).
    public var gateway: IPv4Address { IPv4Address(network.value + 1) }
    public var broadcast: IPv4Address { IPv4Address(network.value | ~mask) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    public func overlaps(_ other: IPv4Subnet) -> Bool {
        let mask = prefixLength < other.prefixLength ? self.mask : other.mask
        return network.value & mask == other.network.value & mask
    }
}
