import YAML

extension SpecDecoder {
    /// The `network` section (``ContainerSpec/Network``): each value checked where it is written.
    mutating func network(_ node: Node, _ at: Location) -> ContainerSpec.Network? {
        guard let fields = object(node, at, SpecSchema.networkSection) else { return nil }
        var network = ContainerSpec.Network()
        for f in fields {
            switch f.key {
            case "mode":
                guard let word = string(f.value, f.location) else { continue }
                if let problem = NetworkMode.nameProblem(word) {
                    origins.failed.insert(f.location.pointer)
                    report(.networkName, at: f.value.start, "`\(f.location.name)`: \(problem); the modes are none, host, bridge or a network's name")
                    continue
                }
                network.mode = NetworkMode(word)
            case "ports":
                for (item, loc) in list(f.value, f.location) ?? [] {
                    // `8080:80` unquoted is a plain scalar; YAML 1.1 would read it as a base-60 number, so take its text.
                    guard let scalar = item.scalar, item.sequence == nil else {
                        typeError(item, loc, expected: "a string such as \"8080:80\"")
                        continue
                    }
                    do throws(PortMapping.ParseError) {
                        network.ports.append(try PortMapping.parse(scalar.value))
                        origins.ports.append(loc.pointer)
                    } catch {
                        origins.failed.insert(loc.pointer)
                        let rule: LintRuleID = if case .rangeLengths = error { .portRangeMismatch } else { .portSyntax }
                        report(rule, at: item.start, "`\(loc.name)` `\(scalar.value)`: \(error)")
                    }
                }
            case "address":
                guard let text = string(f.value, f.location) else { continue }
                if let address = IPv4Address(text) {
                    network.address = address
                } else {
                    origins.failed.insert(f.location.pointer)
                    report(.networkAddress, at: f.value.start, "`\(f.location.name)` must be an IPv4 address such as 10.89.0.7, found `\(text)`")
                }
            case "hosts":
                for h in object(f.value, f.location, SpecSchema.hosts) ?? [] {
                    guard let address = string(h.value, h.location) else { continue }
                    if let problem = Self.hostNameProblem(h.key) {
                        report(.networkAddress, at: positions[h.location.pointer + "#key"].map { Mark(line: $0.line, column: $0.column) } ?? h.value.start,
                               "`\(h.location.name)`: \(problem)")
                    } else if !IPv4Address.isAddress(address) {
                        report(.networkAddress, at: h.value.start, "`\(h.location.name)` must be an IPv4 or IPv6 address, found `\(address)`")
                    } else {
                        network.hosts.append(ContainerSpec.HostEntry(name: h.key, address: address))
                    }
                }
            case "dns":
                for (item, loc) in list(f.value, f.location) ?? [] {
                    guard let text = string(item, loc) else { continue }
                    if IPv4Address.isAddress(text) {
                        network.dns.append(text)
                    } else {
                        report(.networkAddress, at: item.start, "`\(loc.name)` must be an IPv4 or IPv6 address, found `\(text)`")
                    }
                }
            default: break
            }
        }
        return network
    }

    /// A host name for /etc/hosts: labels of letters, digits and `-`, separated by dots, at most 253 bytes.
    static func hostNameProblem(_ name: String) -> String? {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let ok = name.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
        }
        return ok ? nil : "`\(name)` is not a host name (labels of letters, digits and `-`, separated by dots)"
    }
}
