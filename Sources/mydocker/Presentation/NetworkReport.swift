import ContainerStore
import HostCheck
import Network
import Spec

/// `mydocker check`'s lines about networking: the CNI plugins, iptables, IPv4 forwarding, with the fix for each.
enum NetworkReport {
    /// `failing`: a missing plugin or iptables fails (a spec attached to a network), or only warns (the host report).
    static func lines(_ facts: NetworkFacts, failing: Bool) -> [CheckLine] {
        let missing: CheckLine.Verdict = failing ? .fail : .warn
        var lines: [CheckLine] = []
        if facts.missingPlugins.isEmpty {
            lines.append(CheckLine(.ok, "cni plugins", CNIConfig.pluginTypes.joined(separator: ", ") + " in \(facts.pluginPath)"))
        } else {
            lines.append(CheckLine(missing, "cni plugins", "missing in \(facts.pluginPath): " + facts.missingPlugins.joined(separator: ", ")
                + " (specs with `network.mode` bridge or a named network cannot run; apt-get install containernetworking-plugins)"))
        }
        if let iptables = facts.iptables {
            lines.append(CheckLine(.ok, "iptables", iptables))
        } else {
            lines.append(CheckLine(missing, "iptables", "not installed (the portmap and firewall plugins run it; apt-get install iptables)"))
        }
        switch facts.ipForwarding {
        case true?:
            lines.append(CheckLine(.ok, "ip forwarding", "on (net.ipv4.ip_forward=1)"))
        case false?:
            lines.append(CheckLine(.warn, "ip forwarding", "off: containers on a network reach only the host until the bridge plugin turns it on at the first one's start; to turn it on yourself: sysctl -w net.ipv4.ip_forward=1"))
        case nil:
            lines.append(CheckLine(.warn, "ip forwarding", "unknown (/proc/sys/net/ipv4/ip_forward cannot be read)"))
        }
        return lines
    }

    /// The spec's network and ports, as apply would find them before any plugin runs.
    static func lines(_ network: ContainerSpec.Network, store: NetworkStore) -> [CheckLine] {
        let problems = NetworkAttachment.problems(of: network, store: store)
        guard problems.isEmpty else { return problems.map { CheckLine(.fail, "network", $0.description) } }
        let ports = network.ports.isEmpty ? "" : "; host ports free: " + network.ports.map(\.text).joined(separator: ", ")
        return [CheckLine(.ok, "network", "\(network.mode.networkName ?? network.mode.description) exists\(ports)")]
    }

    static func json(_ facts: NetworkFacts) -> ReportJSON {
        .object([
            ("pluginPath", .string(facts.pluginPath)),
            ("missingPlugins", .array(facts.missingPlugins.map { .string($0) })),
            ("iptables", .optional(facts.iptables)),
            ("ipForwarding", facts.ipForwarding.map { .bool($0) } ?? .null),
        ])
    }
}
