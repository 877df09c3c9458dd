import Spec

/// The state file's keys for ``ProcessConfinement``. Each one is written only when it confines something, so a
/// file without them (an older mydocker's) reads as no confinement recorded:
///
///     caps.bounding=CAP_AUDIT_WRITE,CAP_KILL,CAP_NET_BIND_SERVICE   (all five sets, each possibly empty)
///     caps.effective=…  caps.permitted=…  caps.inheritable=…  caps.ambient=…
///     noNewPrivileges=1
///     apparmorProfile=PROFILE
///     selinuxLabel=LABEL
///     rlimit=RLIMIT_NOFILE 1024 1024                                 (repeated, in the spec's order)
///     seccomp=1                                                      (the spec has linux.seccomp)
///     seccomp.flags=0                                                (its program is in the file seccomp.bpf)
extension ContainerState {
    static let capabilityKeys = ["caps.bounding", "caps.effective", "caps.permitted", "caps.inheritable", "caps.ambient"]
    static let rlimitKey = "rlimit"

    var confinementLines: [(String, String)] {
        var lines: [(String, String)] = []
        let c = confinement
        if let caps = c.capabilities {
            let sets = [caps.bounding, caps.effective, caps.permitted, caps.inheritable, caps.ambient]
            for (key, names) in zip(Self.capabilityKeys, sets) { lines.append((key, names.joined(separator: ","))) }
        }
        if c.noNewPrivileges { lines.append(("noNewPrivileges", "1")) }
        if let profile = c.apparmorProfile { lines.append(("apparmorProfile", profile)) }
        if let label = c.selinuxLabel { lines.append(("selinuxLabel", label)) }
        for limit in c.rlimits { lines.append((Self.rlimitKey, "\(limit.type) \(limit.soft) \(limit.hard)")) }
        if c.seccomp { lines.append(("seccomp", "1")) }
        if let flags = c.seccompFlags { lines.append(("seccomp.flags", String(flags))) }
        return lines
    }

    /// The confinement from the parsed keys (`values`, and the repeated `rlimit` lines with their line numbers).
    static func parseConfinement(
        _ values: [String: (line: Int, value: String)], rlimits: [(line: Int, value: String)]
    ) throws(ParseError) -> ProcessConfinement {
        var confinement = ProcessConfinement()
        if capabilityKeys.contains(where: { values[$0] != nil }) {
            var sets: [[String]] = []
            for key in capabilityKeys {
                guard let entry = values[key] else { sets.append([]); continue }
                var names: [String] = []
                for word in entry.value.split(separator: ",") {
                    guard Capability.number(String(word)) != nil else {
                        throw ParseError(line: entry.line, message: "\"\(key)\" holds an unknown capability \"\(word)\"")
                    }
                    names.append(String(word))
                }
                sets.append(names)
            }
            confinement.capabilities = ContainerSpec.Capabilities(
                bounding: sets[0], effective: sets[1], inheritable: sets[3], permitted: sets[2], ambient: sets[4])
        }
        confinement.noNewPrivileges = values["noNewPrivileges"]?.value == "1"
        confinement.apparmorProfile = values["apparmorProfile"]?.value
        confinement.selinuxLabel = values["selinuxLabel"]?.value
        for entry in rlimits {
            let words = entry.value.split(separator: " ")
            guard words.count == 3, RlimitName.number(String(words[0])) != nil,
                  let soft = UInt64(words[1]), let hard = UInt64(words[2]) else {
                throw ParseError(line: entry.line, message: "\"rlimit\" is not \"RLIMIT_NAME SOFT HARD\": \"\(entry.value)\"")
            }
            confinement.rlimits.append(ContainerSpec.Rlimit(type: String(words[0]), soft: soft, hard: hard))
        }
        confinement.seccomp = values["seccomp"]?.value == "1"
        if let entry = values["seccomp.flags"] {
            guard let flags = UInt32(entry.value) else {
                throw ParseError(line: entry.line, message: "\"seccomp.flags\" is not a number: \"\(entry.value)\"")
            }
            confinement.seccompFlags = flags
        }
        return confinement
    }
}
