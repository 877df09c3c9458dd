/// One table of the host's rules as `iptables-save` prints them: its chains (built-in and user-defined, from the
/// `:CHAIN POLICY [counters]` lines) and its rules (`-A CHAIN …` lines, as printed), in order.
struct IptablesRules: Equatable {
    var chains: [String] = []
    var rules: [String] = []

    /// Every table of an `iptables-save` output, by name (`*nat` … `COMMIT`).
    static func tables(_ saved: String) -> [String: IptablesRules] {
        var tables: [String: IptablesRules] = [:]
        var current: String?
        for line in saved.split(separator: "\n").map(String.init) {
            if line.hasPrefix("*") {
                let table = String(line.dropFirst())
                current = table
                tables[table] = IptablesRules()
            } else if let table = current, line.hasPrefix(":") {
                let name = line.dropFirst().split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                tables[table]?.chains.append(name)
            } else if let table = current, line.hasPrefix("-A ") {
                tables[table]?.rules.append(line)
            } else if line == "COMMIT" {
                current = nil
            }
        }
        return tables
    }

    /// The rules of `chain`, as printed (with their `-A CHAIN`).
    func rules(of chain: String) -> [String] {
        rules.filter { $0.hasPrefix("-A \(chain) ") }
    }

    func has(_ chain: String) -> Bool { chains.contains(chain) }

    /// The `iptables-restore --noflush` lines that delete `removed` (one rule each, those of them this table has),
    /// then each of `chains` that exists, is left empty and that no rule left refers to (by `-j` or `-g`): iptables
    /// refuses to delete a chain that has rules or is in use, and one refusal fails the whole input. Nil when there is
    /// nothing to do.
    func removal(rules removed: [String], chains: [String]) -> [String]? {
        var left = rules
        var lines: [String] = []
        for rule in removed {
            guard let index = left.firstIndex(of: rule) else { continue }
            left.remove(at: index)
            lines.append("-D" + rule.dropFirst(2))
        }
        let referred = Set(left.flatMap(Self.targets))
        lines += chains.filter { chain in
            has(chain) && !referred.contains(chain) && !left.contains { $0.hasPrefix("-A \(chain) ") }
        }.map { "-X \($0)" }
        return lines.isEmpty ? nil : lines
    }

    /// The chains a rule jumps or goes to.
    static func targets(_ rule: String) -> [String] {
        let words = rule.split(separator: " ")
        return words.indices.dropLast().filter { words[$0] == "-j" || words[$0] == "-g" }.map { String(words[$0 + 1]) }
    }
}
