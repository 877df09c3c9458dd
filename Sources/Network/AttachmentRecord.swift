import LinuxSystem
import Spec

/// One run's networking, recorded before anything is set up so that a run killed midway is finished by the next
/// `ps`, `rm` or apply (``NetworkStore/sweepAbandoned()``): `<root>/.networks/containers/ID/record`, lines of
/// `key=value`.
public struct AttachmentRecord: Sendable, Equatable {
    /// The CNI container ID: the container's name, or `apply-PID`.
    public var id: String
    /// The named container, when it is one (its peers reach it by this name).
    public var name: String?
    public var hostname: String?
    /// The process that set it up and releases it (its pid and start time): when it is gone, the run is abandoned.
    public var owner: ProcessIdentity
    /// The network it is attached to through CNI; nil for `none` and `host` (generated files only).
    public var network: String?
    public var subnet: IPv4Subnet?
    public var bridge: String?
    public var ports: [PortMapping] = []
    /// Its address, once ADD answered.
    public var address: IPv4Address?
    /// The spec's extra /etc/hosts entries and name servers (the hosts file is written again as peers come and go).
    public var hosts: [ContainerSpec.HostEntry] = []
    public var mode: String

    public static let interfaceName = "eth0"

    public var displayName: String { name ?? id }

    var definition: NetworkDefinition? {
        guard let network, let subnet else { return nil }
        return NetworkDefinition(name: network, subnet: subnet, bridge: bridge)
    }

    public var text: String {
        var lines = ["id=\(id)", "owner=\(owner.pid):\(owner.startTime)", "mode=\(mode)"]
        if let name { lines.append("name=\(name)") }
        if let hostname { lines.append("hostname=\(hostname)") }
        if let definition {
            lines += ["network=\(definition.name)", "subnet=\(definition.subnet)", "bridge=\(definition.bridge)"]
        }
        lines += ports.map { "port=\($0.text)" }
        if let address { lines.append("address=\(address)") }
        lines += hosts.map { "host=\($0.name) \($0.address)" }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String) -> AttachmentRecord? {
        let fields = KeyValueText.parse(text)
        guard let id = fields["id"], let owner = fields["owner"], let colon = owner.firstIndex(of: ":"),
              let pid = Int32(owner[..<colon]), let start = UInt64(owner[owner.index(after: colon)...]) else { return nil }
        var record = AttachmentRecord(id: id, name: fields["name"], hostname: fields["hostname"],
                                      owner: ProcessIdentity(pid: pid, startTime: start), mode: fields["mode"] ?? "")
        if let network = fields["network"], let subnet = fields["subnet"].flatMap({ IPv4Subnet($0) }) {
            record.network = network
            record.subnet = subnet
            record.bridge = fields["bridge"]
        }
        record.ports = KeyValueText.values("port", in: text).compactMap { try? PortMapping.parse($0) }
        record.address = fields["address"].flatMap { IPv4Address($0) }
        record.hosts = KeyValueText.values("host", in: text).compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? ContainerSpec.HostEntry(name: String(parts[0]), address: String(parts[1])) : nil
        }
        return record
    }
}
