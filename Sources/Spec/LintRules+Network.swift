extension LintRules {
    /// The `network` section against the namespaces, unused settings and ports taken twice.
    mutating func network() {
        guard let network = spec.network else { return }
        let own = spec.linux.namespaces.contains { $0.kind == .network && $0.path == nil }
        let joined = spec.linux.namespaces.contains { $0.kind == .network && $0.path != nil }
        let modeAt = spec.source.positions["/network/mode"] != nil ? "/network/mode" : "/network"
        let atKey = modeAt == "/network"
        if !failedToDecode("/network/mode") {
            switch network.mode {
            case .host where own || joined:
                report(.networkNamespace, modeAt, "`network.mode: host` uses the host's network, yet `linux.namespaces` lists `network`: remove one of them", atKey: atKey)
            case .host:
                break
            default:
                if joined {
                    report(.networkNamespace, modeAt, "`network.mode: \(network.mode)` sets up a network namespace of the container's own, yet `linux.namespaces` joins one by path: remove the path or the network section", atKey: atKey)
                } else if !own {
                    report(.networkNamespace, modeAt, "`network.mode: \(network.mode)` needs a network namespace of the container's own: add `network` to `linux.namespaces`", atKey: atKey)
                }
            }
        }
        if !network.attaches {
            let why = "`network.mode: \(network.mode)` attaches the container to no network"
            if !network.ports.isEmpty {
                report(.networkUnused, "/network/ports", "\(why): its `ports` would not be published; use `mode: bridge` or a named network", atKey: true)
            }
            if network.address != nil {
                report(.networkUnused, "/network/address", "\(why): its `address` would not be used", atKey: true)
            }
        }
        if spec.root == nil && network.mode != .host {
            report(.networkFilesUnbound, "/network", "the container has no `root` of its own: it sees the host's /etc/hosts and /etc/resolv.conf (whose loopback name servers cannot answer in its network namespace), not the ones mydocker generates; give it a `root` and a `mount` namespace", atKey: true)
        }
        var taken: [(PortMapping, String)] = []
        for (port, pointer) in zip(network.ports, origins.ports) {
            if let (other, where_) = taken.first(where: { Self.clash($0.0, port) }) {
                report(.portDuplicate, pointer, "`\(port.text)` takes host port \(Self.shared(other, port)) (\(port.proto.rawValue)) that `\(other.text)` at line \(line(of: where_)) takes already")
            }
            taken.append((port, pointer))
        }
    }

    /// Whether two mappings take a host port in common: same protocol, overlapping ranges, and addresses that meet
    /// (one of them every address, or the same one).
    static func clash(_ a: PortMapping, _ b: PortMapping) -> Bool {
        a.proto == b.proto && a.hostPorts.overlaps(b.hostPorts) && (a.hostIP == nil || b.hostIP == nil || a.hostIP == b.hostIP)
    }

    static func shared(_ a: PortMapping, _ b: PortMapping) -> Int { max(a.hostPorts.lowerBound, b.hostPorts.lowerBound) }
}
