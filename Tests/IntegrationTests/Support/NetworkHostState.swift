import Foundation
import Glibc

/// What a container's networking must leave as it found it: the host's interfaces and addresses, its iptables
/// rules (filter and nat, without counters), host-local's leases under the state root and the network namespaces
/// mydocker pins (bind mounts in the mount table).
struct NetworkHostState: Equatable, CustomStringConvertible {
    var links: [String]
    var addresses: [String]
    var rules: [String]
    var leases: [String]
    var pinned: [String]

    static func now(root: String) -> NetworkHostState {
        func lines(_ arguments: [String]) -> [String] {
            ProcessRunner.runCatching(arguments).stdout.split(separator: "\n").map(String.init)
        }
        let ipam = root + "/.networks/ipam"
        var leases: [String] = []
        for network in (try? FileManager.default.contentsOfDirectory(atPath: ipam)) ?? [] {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: ipam + "/" + network)) ?? []
                where file != "lock" && !file.hasPrefix("last_reserved_ip") {
                leases.append(network + "/" + file)
            }
        }
        return NetworkHostState(
            // `ip -o link` and `iptables -S` show no counters: nothing in them changes by itself.
            links: lines(["ip", "-o", "link"]),
            addresses: lines(["ip", "-o", "addr"]),
            rules: lines(["iptables", "-w", "-S"]) + lines(["iptables", "-w", "-t", "nat", "-S"]),
            leases: leases.sorted(),
            pinned: fileText("/proc/self/mountinfo").split(separator: "\n").filter { $0.contains("/.networks/") }.map(String.init)
        )
    }

    var description: String {
        "links \(links)\naddresses \(addresses)\nrules \(rules)\nleases \(leases)\npinned \(pinned)"
    }

    /// The first difference, line by line, for a readable failure.
    func difference(from other: NetworkHostState) -> String {
        let pairs: [(String, [String], [String])] = [
            ("link", links, other.links), ("address", addresses, other.addresses), ("rule", rules, other.rules),
            ("lease", leases, other.leases), ("pinned namespace", pinned, other.pinned),
        ]
        var out: [String] = []
        for (kind, mine, theirs) in pairs {
            out += Set(mine).subtracting(theirs).sorted().map { "+ \(kind): \($0)" }
            out += Set(theirs).subtracting(mine).sorted().map { "- \(kind): \($0)" }
        }
        return out.joined(separator: "\n")
    }

    static func fileText(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
