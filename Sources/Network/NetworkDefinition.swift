import Spec

/// A network containers join: its name, IPv4 subnet and the Linux bridge the CNI bridge plugin makes for it.
/// Stored as `<root>/.networks/NAME.network` (``NetworkStore``), in lines of `key=value`.
public struct NetworkDefinition: Sendable, Equatable {
    public var name: String
    public var subnet: IPv4Subnet
    public var bridge: String

    public init(name: String, subnet: IPv4Subnet, bridge: String? = nil) {
        self.name = name
        self.subnet = subnet
        self.bridge = bridge ?? Self.bridgeName(for: name)
    }

    /// mydocker's default network, `bridge` in a spec: 10.90.0.0/16 on `mydocker0` (podman's default takes
    /// 10.88.0.0/16 and its named networks 10.89.x.0/24).
    public static let defaultSubnet = IPv4Subnet(network: IPv4Address(0x0A5A_0000), prefixLength: 16)
    public static var defaultSubnetText: String { defaultSubnet.description }
    public static var defaultNetwork: NetworkDefinition {
        NetworkDefinition(name: NetworkMode.defaultNetwork, subnet: defaultSubnet, bridge: "mydocker0")
    }

    /// A Linux interface name (at most 15 bytes) for the network's bridge: `md-NAME` when that fits and is plain, else
    /// `md-` and eight hex digits of the name's FNV-1a hash.
    public static func bridgeName(for name: String) -> String {
        let plain = name.utf8.allSatisfy { b in (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F }
        if plain && name.utf8.count <= 12 { return "md-" + name }
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return "md-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The stored text.
    public var text: String { "name=\(name)\nsubnet=\(subnet)\nbridge=\(bridge)\n" }

    /// Reads the stored text; nil when a line is missing or wrong.
    public static func parse(_ text: String) -> NetworkDefinition? {
        let fields = KeyValueText.parse(text)
        guard let name = fields["name"], let subnetText = fields["subnet"], let subnet = IPv4Subnet(subnetText),
              let bridge = fields["bridge"], NetworkMode.nameProblem(name) == nil else { return nil }
        return NetworkDefinition(name: name, subnet: subnet, bridge: bridge)
    }
}

/// Lines of `key=value`, the format of mydocker's small network files.
enum KeyValueText {
    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return out
    }

    /// Every value of a repeated key, in order.
    static func values(_ key: String, in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix(key + "=") ? String(line.dropFirst(key.count + 1)) : nil
        }
    }
}
