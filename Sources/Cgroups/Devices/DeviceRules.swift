/// The device rules a container gets: the spec's, then the default allow list every runtime adds, read in order
/// with what no rule allows denied.
public enum DeviceRules {
    /// `deny a *:* rwm`: what engines send first, so that only what follows is allowed.
    public static let denyAll = DeviceRule(allow: false, type: .all, access: .all)

    /// The devices every container may use, in runc's order (libcontainer/specconv `AllowedDevices`): mknod of any
    /// char or block device (the nodes are made, opening them is still checked), /dev/null, /dev/random,
    /// /dev/full, /dev/tty, /dev/zero, /dev/urandom, the pseudo-terminals /dev/pts/N, /dev/ptmx and /dev/net/tun.
    /// runc has no rule for /dev/console (c 5:1): a container's console is a pseudo-terminal, c 136:N.
    public static let defaultAllowList: [DeviceRule] = [
        DeviceRule(allow: true, type: .char, access: .mknod),
        DeviceRule(allow: true, type: .block, access: .mknod),
        DeviceRule(allow: true, type: .char, major: 1, minor: 3, access: .all),  // /dev/null
        DeviceRule(allow: true, type: .char, major: 1, minor: 8, access: .all),  // /dev/random
        DeviceRule(allow: true, type: .char, major: 1, minor: 7, access: .all),  // /dev/full
        DeviceRule(allow: true, type: .char, major: 5, minor: 0, access: .all),  // /dev/tty
        DeviceRule(allow: true, type: .char, major: 1, minor: 5, access: .all),  // /dev/zero
        DeviceRule(allow: true, type: .char, major: 1, minor: 9, access: .all),  // /dev/urandom
        DeviceRule(allow: true, type: .char, major: 136, access: .all),  // /dev/pts/*
        DeviceRule(allow: true, type: .char, major: 5, minor: 2, access: .all),  // /dev/ptmx
        DeviceRule(allow: true, type: .char, major: 10, minor: 200, access: .all),  // /dev/net/tun
    ]

    /// The rules the runtime enforces for a spec's `resources.devices`: the spec's rules, then the default allow
    /// list, as runc appends it (so a spec cannot deny the default devices). The spec's list usually starts with
    /// ``denyAll``; without it the result is the same, since what no rule allows is denied.
    public static func effective(specRules: [DeviceRule]) -> [DeviceRule] {
        specRules + defaultAllowList
    }

    /// Whether `rules` let a process have `access` to the device `type` `major`:`minor` (char or block): each bit
    /// of `access` is decided by the last rule that matches the device and names that bit, and is denied when no
    /// rule does; all of them must be allowed. This is the meaning the cgroup v2 program carries out, and the one
    /// the cgroup v1 writes are checked against.
    public static func allows(
        _ rules: [DeviceRule], _ type: DeviceType, _ major: Int64, _ minor: Int64, _ access: DeviceAccess
    ) -> Bool {
        // Without allocating: the cgroup v1 check asks this a few hundred times per cgroup it makes.
        for bit in DeviceAccess.singleBits where access.contains(bit) {
            var allowed = false
            for rule in rules.reversed() where rule.matches(type, major, minor) && rule.access.contains(bit) {
                allowed = rule.allow
                break
            }
            if !allowed { return false }
        }
        return true
    }

    /// Checks that every rule names some access and device numbers in ``DeviceRule/numbers``.
    public static func validate(_ rules: [DeviceRule]) throws(CgroupError) {
        for (index, rule) in rules.enumerated() {
            let what = "device rule \(index + 1) (\(rule))"
            guard !rule.access.isEmpty else {
                throw CgroupError(what: what, hint: "it names no access: give some of r, w and m")
            }
            for (name, number) in [("major", rule.major), ("minor", rule.minor)] {
                if let number, !DeviceRule.numbers.contains(number) {
                    throw CgroupError(what: what, hint: "\(name) \(number) is not a device number (0...\(Int32.max))")
                }
            }
        }
    }
}
