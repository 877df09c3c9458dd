import LinuxSystem

/// The iptables chains the firewall and portmap plugins share between all their containers (CNI-FORWARD and
/// CNI-ADMIN in filter; CNI-HOSTPORT-DNAT, -SETMARK and -MASQ in nat, and the jumps to them). The plugins make them
/// at their first ADD and never remove them; mydocker removes them once its last attached container is gone and they
/// hold no container's rule (another engine's containers, or an administrator's rule in CNI-ADMIN, keep them), so
/// that the host's rules are as they were. The rules are read once (`iptables-save`) and removed in one
/// `iptables-restore --noflush`: one transaction rather than a dozen iptables runs (each deletion is a commit that
/// waits for the kernel's grace period, 10 to 30 ms on nf_tables), and all or nothing if a rule changed meanwhile.
enum SharedChains {
    static let forwardJump = "-A FORWARD -m comment --comment \"CNI firewall plugin rules\" -j CNI-FORWARD"
    static let adminJump = "-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j CNI-ADMIN"
    static let hostPortJumps = [
        "-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
        "-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
        "-A POSTROUTING -m comment --comment \"CNI portfwd requiring masquerade\" -j CNI-HOSTPORT-MASQ",
    ]
    static let hostPortChains = ["CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-DNAT"]

    static func removeIfUnused() {
        guard let saved = try? CapturedRun.run(["iptables-save"], environment: environment, quiet: true),
              saved.exit == .exited(0),
              let input = removal(IptablesRules.tables(String(decoding: saved.output, as: UTF8.self))) else { return }
        _ = try? CapturedRun.run(["iptables-restore", "-w", "--noflush"], environment: environment, input: Array(input.utf8))
    }

    /// The `iptables-restore --noflush` input that removes the shared chains no container uses any more, nil when
    /// there are none: in filter, when CNI-FORWARD holds only the jump to CNI-ADMIN and CNI-ADMIN is empty, the jump to
    /// CNI-FORWARD and both chains; in nat, when CNI-HOSTPORT-DNAT is empty, the jumps to it and to
    /// CNI-HOSTPORT-MASQ, the rules of the three chains and the chains themselves (each only if no other rule uses it).
    static func removal(_ tables: [String: IptablesRules]) -> String? {
        var sections: [[String]] = []
        if let filter = tables["filter"], filter.rules(of: "CNI-FORWARD") == [adminJump],
           filter.has("CNI-ADMIN"), filter.rules(of: "CNI-ADMIN").isEmpty,
           let lines = filter.removal(rules: [forwardJump, adminJump], chains: ["CNI-FORWARD", "CNI-ADMIN"]) {
            sections.append(["*filter"] + lines + ["COMMIT"])
        }
        if let nat = tables["nat"], nat.has("CNI-HOSTPORT-DNAT"), nat.rules(of: "CNI-HOSTPORT-DNAT").isEmpty,
           let lines = nat.removal(rules: hostPortJumps + hostPortChains.flatMap(nat.rules(of:)), chains: hostPortChains) {
            sections.append(["*nat"] + lines + ["COMMIT"])
        }
        return sections.isEmpty ? nil : sections.joined().map { $0 + "\n" }.joined()
    }

    static let environment = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
}
