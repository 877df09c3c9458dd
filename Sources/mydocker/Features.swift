import Arguments
import Glibc
import Mounts
import Planner
import Runtime
import Spec

extension MyDocker {
    /// runc's `features`: the runtime-spec features document (features.md), of what mydocker really supports.
    struct Features: Command {
        static let spec = CommandSpec(
            name: "features",
            abstract: "Print what this runtime supports, as the OCI runtime spec's features document (JSON).",
            discussion: """
            ociVersionMin/Max, the hooks, the mount options, the namespaces, capabilities and cgroup versions, \
            the seccomp actions, operators, architectures and flags, AppArmor and SELinux as this host has them, \
            and mydocker's own annotations. Read from the same tables the spec's loader and the runtime use.
            """,
            arguments: []
        )

        init(_ arguments: ParsedArguments) throws(ArgumentError) {}

        func run() throws(ExitCode) {
            StateConsole.out(Self.document.rendered() + "\n")
        }

        static var document: JSONValue {
            func strings(_ words: [String]) -> JSONValue { .array(words.map { .string($0) }) }
            let supportedActions = SeccompNames.actions.filter { $0 != "SCMP_ACT_NOTIFY" }
            let supportedFlags = SeccompNames.flags.filter { $0 != "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" }
            let linux: JSONValue = .object([
                ("namespaces", strings(NamespaceKind.allCases.map(\.rawValue))),
                ("capabilities", strings(Capability.names)),
                ("cgroup", .object([
                    ("v1", .bool(true)), ("v2", .bool(true)), ("systemd", .bool(false)), ("systemdUser", .bool(false)),
                    ("rdma", .bool(false)),
                ])),
                ("seccomp", .object([
                    ("enabled", .bool(true)), ("actions", strings(supportedActions)), ("operators", strings(SeccompNames.operators)),
                    ("archs", strings(SeccompNames.architectures)), ("knownFlags", strings(SeccompNames.flags)),
                    ("supportedFlags", strings(supportedFlags)),
                ])),
                ("apparmor", .object([("enabled", .bool(access("/sys/kernel/security/apparmor", F_OK) == 0))])),
                ("selinux", .object([("enabled", .bool(MountLabel.selinuxActive))])),
                ("intelRdt", .object([("enabled", .bool(false))])),
                ("mountExtensions", .object([("idmap", .object([("enabled", .bool(false))]))])),
            ])
            return .object([
                ("ociVersionMin", .string("1.0.0")),
                ("ociVersionMax", .string(HookState.ociVersion)),
                ("hooks", strings(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"])),
                ("mountOptions", strings(MountOption.table.keys.sorted())),
                ("linux", linux),
                ("annotations", .object([
                    (Planner.initAnnotation, .string("\"true\" runs mydocker's minimal init as PID 1 under create and run; \"false\" turns it off for apply")),
                ])),
            ])
        }
    }
}
