/// mydocker's networking extension of the spec: the top-level `network` section (the OCI spec leaves networking to
/// the engine). A spec without it gets what its namespaces say: a new network namespace has only its loopback
/// interface, up; without one, the host's network.
extension ContainerSpec {
    public struct Network: Sendable, Equatable {
        /// Which network the container joins.
        public var mode: NetworkMode
        /// Host ports forwarded to the container's (CNI `portmap`).
        public var ports: [PortMapping]
        /// The container's IPv4 address on its network, instead of the next free one.
        public var address: IPv4Address?
        /// Extra lines of the container's /etc/hosts: a name and its address, in spec order.
        public var hosts: [HostEntry]
        /// Name servers placed first in the container's /etc/resolv.conf.
        public var dns: [String]

        public init(mode: NetworkMode = .bridge, ports: [PortMapping] = [], address: IPv4Address? = nil,
                    hosts: [HostEntry] = [], dns: [String] = []) {
            self.mode = mode
            self.ports = ports
            self.address = address
            self.hosts = hosts
            self.dns = dns
        }

        /// Whether the container is attached to a network through the CNI plugins (bridge or a named network).
        public var attaches: Bool { mode.networkName != nil }
    }

    public struct HostEntry: Sendable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }
}

/// `none` (loopback only), `host` (no network namespace of its own), `bridge` (mydocker's default network) or the
/// name of a network made with `mydocker network create`.
public enum NetworkMode: Sendable, Equatable, CustomStringConvertible {
    case none
    case host
    case bridge
    case named(String)

    /// The default network's name: `bridge` in the spec stands for it.
    public static let defaultNetwork = "mydocker"

    public init(_ word: String) {
        switch word {
        case "none": self = .none
        case "host": self = .host
        case "bridge", NetworkMode.defaultNetwork: self = .bridge
        default: self = .named(word)
        }
    }

    /// The network the container is attached to: nil for none and host.
    public var networkName: String? {
        switch self {
        case .none, .host: nil
        case .bridge: NetworkMode.defaultNetwork
        case .named(let name): name
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .host: "host"
        case .bridge: "bridge"
        case .named(let name): name
        }
    }

    /// A network name: 1 to 32 letters, digits, `_`, `.` or `-`, beginning with a letter or digit (a valid CNI
    /// network name, short enough for the chain names the plugins derive from it).
    public static func nameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { return "a network name cannot be empty" }
        guard bytes.count <= 32 else { return "a network name has at most 32 characters, `\(name)` has \(bytes.count)" }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        guard alnum(bytes[0]), bytes.allSatisfy({ alnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else {
            return "a network name is letters, digits, `_`, `.` and `-`, beginning with a letter or digit: `\(name)`"
        }
        return nil
    }
}
