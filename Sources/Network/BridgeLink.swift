import LinuxSystem

/// The bridge plugin makes a network's bridge on the first ADD and never deletes it (the CNI specification leaves
/// shared resources to the runtime). mydocker deletes it when the network's last container is gone, as netavark
/// does, with iproute2's `ip link delete` (no netlink code of its own), and only when nothing is attached to it any
/// more: another state root's containers (`--root`) on a network of the same name share its bridge.
enum BridgeLink {
    /// Starts `ip link delete` of the bridge `name` if it is there with nothing attached: the kernel takes tens of
    /// milliseconds to unregister it, time the caller uses for the rest of its teardown before it reaps the command.
    static func startDeleting(_ name: String) -> CapturedRun.Started? {
        guard Directory.exists("/sys/class/net/\(name)/bridge"),
              ((try? Directory.entries("/sys/class/net/\(name)/brif")) ?? ["?"]).isEmpty else { return nil }
        return try? CapturedRun.start(["ip", "link", "delete", name, "type", "bridge"], environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"])
    }
}
