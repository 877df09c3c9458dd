/// What a kernel parameter of `linux.sysctl` belongs to, and so whether a container may write it: only a
/// parameter of a namespace the container has of its own changes nothing outside it. The table is runc's
/// (libcontainer/configs/validate `sysctl`), read by lint and by the runtime.
public enum SysctlScope: Sendable, Equatable {
    /// Kept per namespace of this kind: `net.*` (network), the System V IPC and POSIX message queue parameters
    /// (ipc), `kernel.domainname` (uts), `user.*` (user: the per-namespace counts of namespaces and watches).
    case namespace(NamespaceKind)
    /// `kernel.hostname`: per uts namespace, but the OCI `hostname` key sets it; runc refuses it as a sysctl.
    case hostnameKey
    /// One value for the whole host (`vm.swappiness`, `kernel.core_pattern`, `fs.file-max`, …).
    case host

    /// The System V IPC parameters of an ipc namespace, besides every `fs.mqueue.*` one: runc's list, and the
    /// three `*_next_id` ones (checkpoint/restore) that the kernel also keeps per ipc namespace (ipc/ipc_sysctl.c)
    /// and runc refuses.
    static let ipcNames: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.msg_next_id", "kernel.sem_next_id", "kernel.shm_next_id",
    ]

    /// The scope of `name`, written with dots (`net.ipv4.ip_forward`) or slashes (`net/ipv4/ip_forward`).
    public init(_ name: String) {
        let dotted = Self.dotted(name)
        if Self.ipcNames.contains(dotted) || dotted.hasPrefix("fs.mqueue.") {
            self = .namespace(.ipc)
        } else if dotted.hasPrefix("net.") {
            self = .namespace(.network)
        } else if dotted == "kernel.domainname" {
            self = .namespace(.uts)
        } else if dotted == "kernel.hostname" {
            self = .hostnameKey
        } else if dotted.hasPrefix("user.") {
            self = .namespace(.user)
        } else {
            self = .host
        }
    }

    /// The name with dots between its levels, as runc compares them: a name whose first separator is a slash
    /// has its slashes and dots swapped (`net/ipv4/conf/eth0.100/forwarding` → `net.ipv4.conf.eth0/100.forwarding`).
    public static func dotted(_ name: String) -> String {
        guard let first = name.first(where: { $0 == "." || $0 == "/" }), first == "/" else { return name }
        return String(name.map { $0 == "/" ? "." : $0 == "." ? "/" : $0 })
    }
}
