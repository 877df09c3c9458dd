import Foundation
import Glibc

/// What a container's networking must leave as it found it: the host's interfaces and addresses, its iptables
/// rules (filter and nat, without counters), host-local's files under the state root and the network namespaces
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
            leases.append(network)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: ipam + "/" + network)) ?? [] {
                leases.append(network + "/" + file)
            }
        }
        // Other engines on this machine (podman's tests, with its own CNI networks) may add and remove theirs while a
        // test runs: their interfaces, addresses and rules are left out. `ip -o link` and `iptables -S` show no counters.
        let allLinks = lines(["ip", "-o", "link"])
        let foreign = Set(allLinks.filter(isForeign).compactMap(interfaceName))
        return NetworkHostState(
            links: allLinks.filter { !isForeign($0) },
            addresses: lines(["ip", "-o", "addr"]).filter { line in interfaceName(line).map { !foreign.contains($0) } ?? true },
            rules: (lines(["iptables", "-w", "-S"]) + lines(["iptables", "-w", "-t", "nat", "-S"])).filter { !isForeign($0) },
            leases: leases.sorted(),
            pinned: fileText("/proc/self/mountinfo").split(separator: "\n").filter { $0.contains("/.networks/") }.map(String.init)
        )
    }

    /// podman's: its bridges (cni-podman0, podman1, …), the veths on them, its rules (they name the network `podman`
    /// or its subnets 10.88.0.0/16 and 10.89.0.0/16).
    static func isForeign(_ line: String) -> Bool {
        line.contains("podman") || line.contains("10.88.") || line.contains("10.89.")
    }

    /// `eth0` of `4: eth0: <…>` or `4: eth0    inet …`, `veth1@if2` read as `veth1`.
    static func interfaceName(_ line: String) -> String? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 1 else { return nil }
        return String(fields[1].split(separator: "@").first ?? fields[1]).trimmingCharacters(in: CharacterSet(charactersIn: ":"))
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
