import Network
import Spec

extension MyDocker.Inspect {
    /// docker's NetworkSettings, from the container's network record while it is attached: its address, gateway and
    /// prefix, its published ports (`"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]`), its network and the
    /// pinned namespace (SandboxKey). Empty values when it is attached to none.
    static func networkSettings(_ record: AttachmentRecord?, store: NetworkStore) -> ReportJSON {
        let address = record?.address.map(\.description) ?? ""
        let gateway = record?.subnet.map(\.gateway.description) ?? ""
        let prefix = Int64(record?.subnet?.prefixLength ?? 0)
        var ports: [(String, ReportJSON)] = []
        for port in (record?.ports ?? []).flatMap(\.expanded) {
            ports.append(("\(port.containerPort)/\(port.proto.rawValue)", .array([.object([
                ("HostIp", .string(port.hostIP?.description ?? "0.0.0.0")), ("HostPort", .string(String(port.hostPort))),
            ])])))
        }
        var networks: [(String, ReportJSON)] = []
        if let record, let network = record.network {
            networks.append((network, .object([
                ("IPAddress", .string(address)), ("Gateway", .string(gateway)), ("IPPrefixLen", .int(prefix)),
                ("Aliases", .array([record.name, record.hostname].compactMap { $0 }.map { .string($0) })),
            ])))
        }
        return .object([
            ("IPAddress", .string(address)),
            ("Gateway", .string(gateway)),
            ("IPPrefixLen", .int(prefix)),
            ("Ports", .object(ports)),
            ("Networks", .object(networks)),
            ("SandboxKey", .string(record.flatMap { $0.network != nil ? store.containerDirectory($0.id) + "/netns" : nil } ?? "")),
        ])
    }
}
