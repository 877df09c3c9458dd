import LinuxSystem

/// The iptables chains the firewall and portmap plugins share between all their containers (CNI-FORWARD and
/// CNI-ADMIN in filter; CNI-HOSTPORT-DNAT, -SETMARK and -MASQ in nat, and the jumps to them). The plugins make them
/// at their first ADD and never remove them; mydocker removes them, with iptables, once its last attached container
/// is gone and they hold no container's rule (another engine's containers, or an administrator's rule in CNI-ADMIN,
/// keep them), so that the host's rules are as they were.
enum SharedChains {
    static func removeIfUnused() {
        let firewall = rules("filter", "CNI-FORWARD")
        if firewall == ["-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j CNI-ADMIN"],
           rules("filter", "CNI-ADMIN") == [] {
            iptables("filter", ["-D", "FORWARD", "-m", "comment", "--comment", "CNI firewall plugin rules", "-j", "CNI-FORWARD"])
            iptables("filter", ["-F", "CNI-FORWARD"])
            iptables("filter", ["-X", "CNI-FORWARD"])
            iptables("filter", ["-X", "CNI-ADMIN"])
        }
        if rules("nat", "CNI-HOSTPORT-DNAT") == [] {
            for chain in ["PREROUTING", "OUTPUT"] {
                iptables("nat", ["-D", chain, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"])
            }
            iptables("nat", ["-D", "POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", "CNI-HOSTPORT-MASQ"])
            for chain in ["CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-DNAT"] {
                iptables("nat", ["-F", chain])
                iptables("nat", ["-X", chain])
            }
        }
    }

    /// The chain's rules (`iptables -S`, without its `-N` line); nil when it does not exist.
    static func rules(_ table: String, _ chain: String) -> [String]? {
        guard let ran = try? CapturedRun.run(["iptables", "-w", "-t", table, "-S", chain], environment: environment, quiet: true),
              ran.exit == .exited(0) else { return nil }
        return String(decoding: ran.output, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-N ") }
    }

    static func iptables(_ table: String, _ arguments: [String]) {
        _ = try? CapturedRun.run(["iptables", "-w", "-t", table] + arguments, environment: environment, quiet: true)
    }

    static let environment = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
}
