import Glibc
import LinuxSystem

/// What the host offers a spec's network section (`mydocker check`): the CNI plugins mydocker runs, iptables (which
/// the portmap, firewall and bridge plugins run) and IPv4 forwarding. Reads only.
public struct NetworkFacts: Sendable, Equatable {
    /// The plugins of ``CNIConfig/pluginTypes`` not found in the plugin folder.
    public var missingPlugins: [String]
    public var pluginPath: String
    /// Where iptables is, nil when it is not installed.
    public var iptables: String?
    /// /proc/sys/net/ipv4/ip_forward: nil when unreadable.
    public var ipForwarding: Bool?

    public static func read(pluginPath: String = CNIPlugin.configuredPath, procRoot: String = "/proc") -> NetworkFacts {
        let missing = CNIConfig.pluginTypes.filter { CNIPlugin(type: $0, searchPath: pluginPath).executable == nil }
        let iptables = ["/usr/sbin/iptables", "/sbin/iptables", "/usr/bin/iptables"].first { (path: String) in access(path, X_OK) == 0 }
        let forwarding = Sys.readFile(procRoot + "/sys/net/ipv4/ip_forward").map { $0.first == UInt8(ascii: "1") }
        return NetworkFacts(missingPlugins: missing, pluginPath: pluginPath, iptables: iptables, ipForwarding: forwarding)
    }

    /// Whether a spec attached to a network can run: every plugin and iptables are there.
    public var canAttach: Bool { missingPlugins.isEmpty && iptables != nil }
}
