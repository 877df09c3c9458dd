import Spec
import YAML

/// What a chain's ADD answered (CNI result, version 1.0.0): the container's addresses, read from the JSON text,
/// which is kept as it is too, for the next plugin's `prevResult` and for CHECK and DEL.
public struct CNIResult: Sendable, Equatable {
    /// The JSON text the last plugin wrote.
    public var json: String
    /// The container's addresses with their prefix length (`10.89.0.2/24`), in the result's order.
    public var addresses: [String]
    /// The gateway of the first address, when given.
    public var gateway: String?

    /// The first IPv4 address, without its prefix length.
    public var ipv4: IPv4Address? {
        addresses.lazy.compactMap { IPv4Address($0.split(separator: "/").first ?? "") }.first
    }

    public init(json: String, addresses: [String] = [], gateway: String? = nil) {
        self.json = json
        self.addresses = addresses
        self.gateway = gateway
    }

    /// Reads a result; nil when the text is not a JSON object.
    public static func parse(_ bytes: [UInt8]) -> CNIResult? {
        guard let root = try? YAMLParser.parse(bytes), let fields = root.mapping else { return nil }
        var result = CNIResult(json: String(decoding: bytes, as: UTF8.self).trimmingWhitespace)
        for ip in value(fields, "ips")?.sequence ?? [] {
            guard let entry = ip.mapping else { continue }
            if let address = value(entry, "address")?.scalar?.value { result.addresses.append(address) }
            if result.gateway == nil { result.gateway = value(entry, "gateway")?.scalar?.value }
        }
        return result
    }

    /// A plugin's error (`{"code": 11, "msg": "…", "details": "…"}`) as one line.
    static func errorMessage(_ bytes: [UInt8]) -> String? {
        guard let root = try? YAMLParser.parse(bytes), let fields = root.mapping,
              let message = value(fields, "msg")?.scalar?.value else { return nil }
        let details = value(fields, "details")?.scalar?.value ?? ""
        return details.isEmpty ? message : "\(message): \(details)"
    }

    static func value(_ pairs: [Pair], _ key: String) -> Node? {
        pairs.first { $0.key.scalar?.value == key }?.value
    }
}

extension String {
    var trimmingWhitespace: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
