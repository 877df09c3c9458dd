#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LinuxSystem

/// The rules about the security keys of `process` and `linux` that relate several values, or warn about a spec
/// that runs but confines less than it seems to; the names themselves are checked as they are decoded
/// (SpecDecoder+Security).
extension LintRules {
    mutating func security() {
        rlimits()
        sysctls()
        ambientCapabilities()
        sandboxCapabilities()
        labels()
    }

    // MARK: rlimits

    /// setrlimit(2) refuses a soft value above the hard one; a type listed twice would be set twice, the last
    /// one winning, which is never what the writer meant.
    mutating func rlimits() {
        var first: [String: String] = [:]
        for (i, limit) in spec.process.rlimits.enumerated() where i < origins.rlimits.count {
            let pointer = origins.rlimits[i]
            let here = "`process.rlimits[\(Self.lastToken(pointer))]`"
            if let earlier = first[limit.type] {
                report(.rlimitDuplicate, pointer + "/type", "\(here): `\(limit.type)` is already set at line \(line(of: earlier)): give each type once")
            } else {
                first[limit.type] = pointer
            }
            if limit.soft > limit.hard {
                let hardLine = line(of: pointer + "/hard")
                let whereHard = hardLine == line(of: pointer + "/soft") ? "" : " (line \(hardLine))"
                report(.rlimitSoftAboveHard, pointer + "/soft", "\(here): \(limit.type) soft limit \(limit.soft) is above its hard limit \(limit.hard)\(whereHard): setrlimit(2) refuses it; soft is at most hard")
            }
        }
    }

    // MARK: sysctl

    /// runc's validation: a parameter is written only in a namespace the container has (for `net.*`, one that
    /// is not the host's), never one that is the host's alone.
    mutating func sysctls() {
        for name in spec.linux.sysctl.keys {
            let pointer = "/linux/sysctl/" + PathText.pointerToken(name)
            switch SysctlScope(name) {
            case .host:
                report(.sysctlNotNamespaced, pointer, "sysctl `\(name)` is not namespaced: written in the container it would change the whole host, so runtimes refuse it; set it on the host instead", atKey: true)
            case .hostnameKey:
                report(.sysctlHostname, pointer, "sysctl `\(name)` is what the `hostname` key sets (runc refuses it as a sysctl): write `hostname: …` instead, with a uts namespace", atKey: true)
            case .namespace(let kind):
                if !spec.has(kind) {
                    report(.sysctlNeedsNamespace, pointer, "sysctl `\(name)` belongs to the \(kind.rawValue) namespace and the container has none of its own: it would change the host's; add `\(kind.rawValue)` to `linux.namespaces`", atKey: true)
                } else if kind == .network, let path = spec.linux.namespaces.first(where: { $0.kind == .network })?.path,
                          Sys.sameFile(path, "/proc/self/ns/net") {
                    report(.sysctlNeedsNamespace, pointer, "sysctl `\(name)` belongs to the network namespace, and the container joins \(path), the host's: it would change the host's; create a network namespace (`network` without a path)", atKey: true)
                }
            }
        }
    }

    // MARK: capabilities

    /// The kernel keeps an ambient capability only while it is both permitted and inheritable
    /// (PR_CAP_AMBIENT_RAISE refuses any other, and capset clears it): one listed without them is dropped.
    mutating func ambientCapabilities() {
        guard !errorsOnly, let caps = spec.process.capabilities, !caps.ambient.isEmpty else { return }
        let base = "/process/capabilities/ambient"
        // Names the decoder refused are left out of the list; line the others up with the file's items.
        var pointers: [String] = []
        for i in 0..<itemsInFile(base) where !origins.failed.contains(base + "/" + String(i)) {
            pointers.append(base + "/" + String(i))
        }
        let permitted = Set(caps.permitted), inheritable = Set(caps.inheritable)
        for (i, name) in caps.ambient.enumerated() {
            let missing = [("permitted", permitted), ("inheritable", inheritable)].filter { !$0.1.contains(name) }.map { "`\($0.0)`" }
            guard !missing.isEmpty else { continue }
            let at = i < pointers.count ? pointers[i] : base
            report(.ambientCapabilityDropped, at, "`\(name)` in `process.capabilities.ambient` is not in \(Joined.strings(missing, separator: " nor ")): the kernel keeps an ambient capability only while it is both permitted and inheritable, so this one is dropped; add it to \(Joined.strings(missing, separator: " and "))")
        }
    }

    /// A spec that looks like a sandbox (its own root, pid and mount namespaces) whose root process still has
    /// every capability of the caller in the host's user namespace.
    mutating func sandboxCapabilities() {
        guard !errorsOnly, spec.root != nil, spec.process.user.uid == 0, !spec.has(.user),
              spec.linux.namespaces.contains(where: { $0.kind == .pid && $0.path == nil }),
              spec.linux.namespaces.contains(where: { $0.kind == .mount && $0.path == nil }),
              // The key, even where it could not be decoded (or is not decoded yet): the writer chose the sets.
              spec.process.capabilities == nil, spec.source.positions["/process/capabilities#key"] == nil
        else { return }
        report(.sandboxKeepsAllCapabilities, "/process", "the container has its own root, pid and mount namespaces, but without `process.capabilities` and without a user namespace its root process keeps every capability of its caller in the host's user namespace: it can mknod the host's disks and mount the host's root file system, write /proc/sys (kernel.core_pattern), write a cgroup v1 release_agent (a program the host runs), read the kernel log and ptrace; give `process.capabilities` a list (`mydocker spec` starts from \(Capability.specDefault.joined(separator: ", "))), or add a `user` namespace with `linux.uidMappings` and `linux.gidMappings`", atKey: true)
    }

    // MARK: labels

    /// Only the shape: whether the profile or label exists and the LSM is active is a question for the host
    /// that runs the spec, not for lint.
    mutating func labels() {
        if let profile = spec.process.apparmorProfile, let problem = Self.apparmorProblem(profile) {
            report(.securityLabelFormat, "/process/apparmorProfile", "`process.apparmorProfile` \(problem)")
        }
        for (key, pointer, label) in [("process.selinuxLabel", "/process/selinuxLabel", spec.process.selinuxLabel),
                                      ("linux.mountLabel", "/linux/mountLabel", spec.linux.mountLabel)] {
            if let label, let problem = Self.selinuxProblem(label) {
                report(.securityLabelFormat, pointer, "`\(key)` \(problem)")
            }
        }
    }

    /// What is wrong with an AppArmor profile name, or nil. Empty means none, as for runc.
    static func apparmorProblem(_ profile: String) -> String? {
        if profile.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character: a profile name is one line of text (`docker-default`, `unconfined`)"
        }
        if profile.first == " " || profile.last == " " {
            return "`\(profile)` starts or ends with a space, which would become part of the profile's name"
        }
        return nil
    }

    /// What is wrong with an SELinux context, or nil: `user:role:type`, then an optional MLS/MCS level that may
    /// itself hold colons (`s0:c1,c2`). Empty means none, as for runc.
    static func selinuxProblem(_ label: String) -> String? {
        guard !label.isEmpty else { return nil }
        let example = "(such as system_u:system_r:container_t:s0:c1,c2)"
        if label.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "`\(label)` contains a space or a control character: an SELinux context is user:role:type[:level] \(example)"
        }
        let parts = label.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count < 3 || parts.contains(where: \.isEmpty) {
            return "`\(label)` is not an SELinux context user:role:type[:level] \(example)"
        }
        return nil
    }
}
