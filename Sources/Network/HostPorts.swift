import Glibc
import LinuxSystem
import Spec

/// Whether a published port is free on the host: bound for a moment (without SO_REUSEADDR) on its address or on
/// every address, as podman checks before it asks portmap to forward it.
enum HostPorts {
    /// The first port of `ports` that a host socket holds, with the errno bind(2) gave.
    static func firstTaken(_ ports: [PortMapping]) -> (PortMapping, Int32)? {
        for port in ports.flatMap(\.expanded) {
            let err = tryBind(port)
            if err != 0 { return (port, err) }
        }
        return nil
    }

    private static func tryBind(_ port: PortMapping) -> Int32 {
        let type = port.proto == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.hostPort.bigEndian
        address.sin_addr.s_addr = (port.hostIP?.value ?? 0).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // An address the host does not have is portmap's business (it forwards whatever is sent to it).
        if bound != 0 && errno != EADDRNOTAVAIL { return errno }
        return 0
    }
}

/// A network namespace kept by a bind mount of /proc/PID/ns/net on a file, as `ip netns` and containerd keep
/// theirs: CNI DEL then finds the container's interface (and the bridge plugin its masquerading rules) even after
/// the container's last process is gone, and even when the mydocker that set it up was killed.
enum PinnedNamespace {
    static func pin(pid: Int32, at path: String) -> SystemError? {
        let file = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard file >= 0 else { return SystemError(call: "create \(path)", errno: errno) }
        close(file)
        guard mount("/proc/\(pid)/ns/net", path, nil, UInt(MS_BIND), nil) == 0 else {
            let failure = SystemError(call: "mount --bind /proc/\(pid)/ns/net \(path)", errno: errno)
            unlink(path)
            return failure
        }
        return nil
    }

    /// Unmounts (lazily: a plugin may still hold it) and removes the file; nothing when it is not there.
    static func release(_ path: String) {
        _ = umount2(path, Int32(MNT_DETACH))
        unlink(path)
    }
}
