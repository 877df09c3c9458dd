import Spec

extension Action {
    /// What ``ParentAction/setUpNetwork(_:)`` does, in words: `CNI ADD to network mydocker (bridge, host-local,
    /// portmap, firewall): ports 8080:80/tcp; address 10.90.0.9; generate /etc/hosts, /etc/hostname, /etc/resolv.conf`.
    static func networkWords(_ network: ContainerSpec.Network) -> String {
        var words: String
        if let name = network.mode.networkName {
            let plugins = ["bridge", "host-local"] + (network.ports.isEmpty ? [] : ["portmap"]) + ["firewall"]
            words = "CNI ADD to network \(name) (\(plugins.joined(separator: ", ")))"
            var details: [String] = []
            if !network.ports.isEmpty { details.append("ports " + network.ports.map(\.text).joined(separator: ", ")) }
            if let address = network.address { details.append("address \(address)") }
            if !details.isEmpty { words += ": " + details.joined(separator: "; ") }
            words += "; "
        } else {
            words = network.mode == .none ? "network none (loopback only); " : "network host (the host's); "
        }
        var files = "generate /etc/hosts, /etc/hostname, /etc/resolv.conf"
        if !network.hosts.isEmpty { files += "; hosts " + network.hosts.map { "\($0.name)=\($0.address)" }.joined(separator: ", ") }
        if !network.dns.isEmpty { files += "; dns " + network.dns.joined(separator: ", ") }
        return words + files
    }

    static func networkJSON(_ network: ContainerSpec.Network) -> [(String, JSONValue)] {
        [
            ("mode", .string(network.mode.description)),
            ("network", network.mode.networkName.map(JSONValue.string) ?? .null),
            ("ports", .strings(network.ports.map(\.text))),
            ("address", network.address.map { .string($0.description) } ?? .null),
            ("hosts", .object(network.hosts.map { ($0.name, .string($0.address)) })),
            ("dns", .strings(network.dns)),
        ]
    }
}
