import Glibc
import LinuxSystem
import Spec
import TestSupport
import YAML

/// `linux.seccomp` of a config.json read straight from its node tree (the spec loader leaves seccomp out while the
/// key is unsupported): podman's default profile is the one the benchmark runs.
enum PeerProfile {
    static let podmanConfig = "/work/shared/peer-configs/podman-config.json"

    /// The profile of the config at `path`; nil when the file is not there (outside this machine's shared folder).
    static func seccomp(config path: String) throws -> ContainerSpec.Seccomp? {
        guard let bytes = Sys.readFile(path) else { return nil }
        let root = try YAMLParser.parse(bytes)
        guard let node = root["linux"]?["seccomp"] else { throw TestError(EINVAL) }
        return try seccomp(node)
    }

    static func seccomp(_ node: Node) throws -> ContainerSpec.Seccomp {
        var s = ContainerSpec.Seccomp(defaultAction: try string(node["defaultAction"]))
        s.defaultErrnoRet = try node["defaultErrnoRet"].map { UInt32(try number($0)) }
        s.architectures = try (node["architectures"]?.sequence ?? []).map(string)
        s.flags = try (node["flags"]?.sequence ?? []).map(string)
        for rule in node["syscalls"]?.sequence ?? [] {
            var syscall = ContainerSpec.Seccomp.Syscall(names: try (rule["names"]?.sequence ?? []).map(string), action: try string(rule["action"]))
            syscall.errnoRet = try rule["errnoRet"].map { UInt32(try number($0)) }
            for arg in rule["args"]?.sequence ?? [] {
                syscall.args.append(ContainerSpec.Seccomp.Argument(
                    index: UInt32(try number(arg["index"])), value: try number(arg["value"]),
                    valueTwo: try arg["valueTwo"].map(number) ?? 0, op: try string(arg["op"])))
            }
            s.syscalls.append(syscall)
        }
        return s
    }

    static func string(_ node: Node?) throws -> String {
        guard let value = node?.scalar?.value else { throw TestError(EINVAL) }
        return value
    }

    static func number(_ node: Node?) throws -> UInt64 {
        guard let text = node?.scalar?.value, let value = UInt64(text) else { throw TestError(EINVAL) }
        return value
    }
}

extension Node {
    /// The value of `key` in a mapping.
    subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }
}
