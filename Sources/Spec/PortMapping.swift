/// A published port, as docker's `-p` writes it: `[host-ip:]host-port:container-port[/tcp|udp]`, each port a number
/// or a range `first-last` (both ranges the same length): `8080:80`, `127.0.0.1:5353:53/udp`, `9000-9002:7000-7002`.
public struct PortMapping: Sendable, Equatable {
    public enum Proto: String, Sendable, Equatable, CaseIterable {
        case tcp, udp
    }

    /// The host address it listens on; nil: every address of the host.
    public var hostIP: IPv4Address?
    public var hostPort: UInt16
    public var containerPort: UInt16
    /// How many consecutive ports from the first (1 for a single port).
    public var count: UInt16
    public var proto: Proto

    public init(hostIP: IPv4Address? = nil, hostPort: UInt16, containerPort: UInt16, count: UInt16 = 1, proto: Proto = .tcp) {
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.count = count
        self.proto = proto
    }

    /// Each port of a range on its own, as the portmap plugin takes them.
    public var expanded: [PortMapping] {
        (0..<count).map { PortMapping(hostIP: hostIP, hostPort: hostPort + $0, containerPort: containerPort + $0, proto: proto) }
    }

    /// The host ports it takes.
    public var hostPorts: ClosedRange<Int> { Int(hostPort)...Int(hostPort) + Int(count) - 1 }

    /// As the spec writes it.
    public var text: String {
        let ip = hostIP.map { "\($0):" } ?? ""
        return "\(ip)\(hostRange):\(containerRange)/\(proto.rawValue)"
    }

    /// `8080`, or `9000-9002` for a range.
    public var hostRange: String { Self.range(hostPort, count) }
    public var containerRange: String { Self.range(containerPort, count) }

    static func range(_ first: UInt16, _ count: UInt16) -> String {
        count == 1 ? "\(first)" : "\(first)-\(Int(first) + Int(count) - 1)"
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// Not shaped as the form says, or a port outside 1–65535: the message says which.
        case syntax(String)
        /// `8080-8081:80-82`
        case rangeLengths(host: Int, container: Int)

        public var description: String {
            switch self {
            case .syntax(let why): why
            case .rangeLengths(let host, let container):
                "the host range has \(host) port\(host == 1 ? "" : "s") and the container range \(container): they must have as many"
            }
        }
    }

    public static let form = "[host-ip:]host-port:container-port[/tcp|udp], a port being N or FIRST-LAST"

    public static func parse(_ text: String) throws(ParseError) -> PortMapping {
        var body = Substring(text)
        var proto = Proto.tcp
        if let slash = body.lastIndex(of: "/") {
            let word = body[body.index(after: slash)...]
            guard let p = Proto(rawValue: String(word)) else {
                throw .syntax("the protocol `\(word)` is neither tcp nor udp")
            }
            proto = p
            body = body[..<slash]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        var hostIP: IPv4Address?
        let hostPart: Substring
        let containerPart: Substring
        switch parts.count {
        case 2:
            (hostPart, containerPart) = (parts[0], parts[1])
        case 3:
            guard let ip = IPv4Address(parts[0]) else { throw .syntax("`\(parts[0])` is not an IPv4 address") }
            hostIP = ip
            (hostPart, containerPart) = (parts[1], parts[2])
        default:
            throw .syntax("write it as \(form)")
        }
        let host = try range(hostPart, side: "host")
        let container = try range(containerPart, side: "container")
        guard host.count == container.count else { throw .rangeLengths(host: host.count, container: container.count) }
        return PortMapping(hostIP: hostIP, hostPort: UInt16(host.lowerBound), containerPort: UInt16(container.lowerBound),
                           count: UInt16(host.count), proto: proto)
    }

    private static func range(_ text: Substring, side: String) throws(ParseError) -> ClosedRange<Int> {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2 else { throw .syntax("the \(side) port `\(text)` is neither a port nor a range FIRST-LAST") }
        var numbers: [Int] = []
        for end in ends {
            guard !end.isEmpty, end.count <= 5, end.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(end) else {
                throw .syntax(text.isEmpty ? "the \(side) port is missing: write it as \(form)" : "the \(side) port `\(text)` is not a number")
            }
            guard (1...65535).contains(n) else { throw .syntax("the \(side) port \(n) is outside 1 to 65535") }
            numbers.append(n)
        }
        guard let first = numbers.first, let last = numbers.last, first <= last else {
            throw .syntax("the \(side) range `\(text)` ends before it begins")
        }
        return first...last
    }
}
