import HostCheck
import Network
import Spec

/// `mydocker check` without a spec: every kernel fact, as lines for people or JSON for tools.
enum KernelReport {
    static func lines(_ facts: KernelFacts) -> [CheckLine] {
        var lines = facts.namespaces.map(line)
        lines.append(loopLine(facts.loop))
        let present = facts.filesystems.filter(\.available).map(\.name)
        let missing = facts.filesystems.filter { !$0.available }.map(\.name)
        var detail = present.isEmpty ? "none of the types specs use is registered" : present.joined(separator: " ")
        if !missing.isEmpty { detail += "; not registered: " + missing.joined(separator: " ") + " (a module may load on first mount)" }
        lines.append(CheckLine(missing.isEmpty ? .ok : .warn, "file systems", detail))
        lines.append(CheckLine(.info, "cgroups", facts.cgroup.description))
        let unprivileged = facts.unprivilegedUserNamespaces
        lines.append(CheckLine(
            unprivileged.allowed ? .ok : .warn, "unprivileged user namespaces",
            unprivileged.problem ?? "allowed" + settings(unprivileged)
        ))
        lines += NetworkReport.lines(NetworkFacts.read(), failing: false)
        return lines
    }

    static func line(_ fact: NamespaceFact) -> CheckLine {
        let subject = "namespace \(fact.kind.rawValue)"
        let inUse = fact.inUse.map { ", \($0) in use" } ?? ""
        if let problem = fact.problem {
            return CheckLine(.fail, subject, (fact.supported ? "supported, " : "") + problem + inUse)
        }
        let limit = fact.limit.map { "limit \($0)" } ?? "no limit file (\(fact.limitFile))"
        return CheckLine(.ok, subject, "supported, \(limit)\(inUse)")
    }

    static func loopLine(_ loop: LoopFact) -> CheckLine {
        if let problem = loop.problem {
            return CheckLine(.warn, "loop devices", problem + " (specs with loop mounts cannot run)")
        }
        return CheckLine(.ok, "loop devices", "/dev/loop-control present, loop driver loaded")
    }

    static func settings(_ u: UnprivilegedUserNamespaces) -> String {
        var parts: [String] = []
        if let value = u.cloneSwitch { parts.append("kernel.unprivileged_userns_clone=\(value)") }
        if let value = u.apparmorRestriction { parts.append("kernel.apparmor_restrict_unprivileged_userns=\(value)") }
        if let value = u.maxUserNamespaces { parts.append("user.max_user_namespaces=\(value)") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    static func text(_ facts: KernelFacts) -> String {
        lines(facts).map { $0.text + "\n" }.joined()
    }

    static func json(_ facts: KernelFacts) -> ReportJSON {
        let u = facts.unprivilegedUserNamespaces
        return .object([
            ("namespaces", .array(facts.namespaces.map { fact in
                .object([
                    ("type", .string(fact.kind.rawValue)),
                    ("name", .string(fact.kind.procName)),
                    ("supported", .bool(fact.supported)),
                    ("limit", .optional(fact.limit)),
                    ("limitFile", .string(fact.limitFile)),
                    ("inUse", .optional(fact.inUse)),
                    ("canCreate", .bool(fact.canCreate)),
                    ("problem", .optional(fact.problem)),
                ])
            })),
            ("loop", .object([
                ("control", .bool(facts.loop.control)), ("driver", .bool(facts.loop.driver)),
                ("available", .bool(facts.loop.available)), ("problem", .optional(facts.loop.problem)),
            ])),
            ("filesystems", .object(facts.filesystems.map { ($0.name, .bool($0.available)) })),
            ("cgroup", .string(facts.cgroup.rawValue)),
            ("unprivilegedUserNamespaces", .object([
                ("allowed", .bool(u.allowed)),
                ("unprivilegedUsernsClone", .optional(u.cloneSwitch)),
                ("apparmorRestrictUnprivilegedUserns", .optional(u.apparmorRestriction)),
                ("maxUserNamespaces", .optional(u.maxUserNamespaces)),
                ("problem", .optional(u.problem)),
            ])),
            ("network", NetworkReport.json(NetworkFacts.read())),
        ])
    }
}
