import Spec

/// The network configuration list mydocker hands the CNI plugins for one container, as podman's CNI backend writes
/// it: `bridge` (with `host-local` addresses, leases under the state root), `portmap` when ports are published,
/// `firewall`. The loopback interface needs no plugin: the container's first process brings it up.
public struct CNIConfig: Sendable, Equatable {
    public static let cniVersion = "1.0.0"
    /// Every plugin a chain may run (bridge runs host-local itself).
    public static let pluginTypes = ["bridge", "host-local", "portmap", "firewall"]

    public var network: NetworkDefinition
    public var ports: [PortMapping]
    /// host-local's folder of leases.
    public var leaseDirectory: String

    public init(network: NetworkDefinition, ports: [PortMapping], leaseDirectory: String) {
        self.network = network
        self.ports = ports
        self.leaseDirectory = leaseDirectory
    }

    /// The plugins of the chain, in ADD order, each with its own configuration (without `prevResult`).
    public var plugins: [(type: String, config: JSONValue)] {
        var list: [(String, JSONValue)] = [("bridge", bridge)]
        if !ports.isEmpty { list.append(("portmap", portmap)) }
        list.append(("firewall", .object([("type", .string("firewall")), ("backend", .string("iptables"))])))
        return list.map { type, body in
            guard case .object(let fields) = body else { return (type, body) }
            return (type, .object([("cniVersion", .string(Self.cniVersion)), ("name", .string(network.name))] + fields))
        }
    }

    var bridge: JSONValue {
        let subnet = network.subnet
        return .object([
            ("type", .string("bridge")),
            ("bridge", .string(network.bridge)),
            ("isGateway", .bool(true)),
            ("ipMasq", .bool(true)),
            ("hairpinMode", .bool(true)),
            ("ipam", .object([
                ("type", .string("host-local")),
                ("routes", .array([.object([("dst", .string("0.0.0.0/0"))])])),
                ("ranges", .array([.array([.object([
                    ("subnet", .string(subnet.description)),
                    ("gateway", .string(subnet.gateway.description)),
                ])])])),
                ("dataDir", .string(leaseDirectory)),
            ])),
        ])
    }

    var portmap: JSONValue {
        let mappings: [JSONValue] = ports.flatMap(\.expanded).map { port in
            var fields: [(String, JSONValue)] = [
                ("hostPort", .int(Int64(port.hostPort))), ("containerPort", .int(Int64(port.containerPort))),
                ("protocol", .string(port.proto.rawValue)),
            ]
            if let ip = port.hostIP { fields.append(("hostIP", .string(ip.description))) }
            return .object(fields)
        }
        return .object([
            ("type", .string("portmap")),
            ("capabilities", .object([("portMappings", .bool(true))])),
            ("snat", .bool(true)),
            ("runtimeConfig", .object([("portMappings", .array(mappings))])),
        ])
    }

    /// A plugin's standard input: its configuration, with the previous plugin's result (ADD) or the chain's result
    /// (CHECK, DEL) as `prevResult`, as libcni passes it.
    static func input(_ config: JSONValue, prevResult: String?) -> [UInt8] {
        var text = config.rendered()
        if let prevResult, !prevResult.isEmpty, text.hasSuffix("}") {
            text.removeLast()
            while text.last == "\n" || text.last == " " { text.removeLast() }
            text += ",\n  \"prevResult\": \(prevResult)\n}"
        }
        return Array(text.utf8)
    }
}
