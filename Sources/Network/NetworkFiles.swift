import Spec

/// The /etc/hosts, /etc/hostname and /etc/resolv.conf a container gets, generated as podman does.
public enum NetworkFiles {
    /// The files, by their name in the container's folder and in the container's /etc.
    public static let names = ["hosts", "hostname", "resolv.conf"]

    /// localhost, the container's own address and names, the spec's entries, then every peer on its network.
    static func hosts(for record: AttachmentRecord, peers: [AttachmentRecord]) -> String {
        var lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
        let own = names(of: record)
        if let address = record.address, !own.isEmpty {
            lines.append("\(address)\t\(own.joined(separator: " "))")
        } else if !own.isEmpty {
            lines[0] += " " + own.joined(separator: " ")
        }
        lines += record.hosts.map { "\($0.address)\t\($0.name)" }
        for peer in peers where peer.id != record.id {
            if let address = peer.address, case let names = names(of: peer), !names.isEmpty {
                lines.append("\(address)\t\(names.joined(separator: " "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The container's name and host name, each once.
    static func names(of record: AttachmentRecord) -> [String] {
        var out: [String] = []
        for name in [record.hostname, record.name].compactMap({ $0 }) where !out.contains(name) { out.append(name) }
        return out
    }

    /// The host's resolv.conf without the name servers on loopback addresses (unreachable from another network
    /// namespace; kept with the host's network), the spec's servers first; with none left, Google's, as docker and
    /// podman do.
    static func resolvConf(host: String, servers: [String], keepLoopback: Bool) -> String {
        var out: [String] = servers.map { "nameserver \($0)" }
        var hostServers = 0
        for line in host.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.first == "nameserver", words.count >= 2 {
                let server = String(words[1])
                if !keepLoopback && (server.hasPrefix("127.") || server == "::1") { continue }
                if servers.contains(server) { continue }
                hostServers += 1
            }
            if !line.isEmpty { out.append(String(line)) }
        }
        if servers.isEmpty && hostServers == 0 { out += ["nameserver 8.8.8.8", "nameserver 8.8.4.4"] }
        return out.joined(separator: "\n") + "\n"
    }
}
