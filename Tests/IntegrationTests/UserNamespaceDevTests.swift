import Foundation
import Glibc
import Testing

/// runc's /dev layout (a tmpfs at /dev, devpts, shm, mqueue) under a user namespace mapping 0 → 100000: the child
/// becomes root of the namespace before its mounts, as runc's does, so the mount points in the fresh tmpfs can be
/// made (as its creator, host root, which the namespace does not map, mkdirat failed with EOVERFLOW), and what it
/// mounts belongs to the container's root. Mount points missing in a root file system the host's root owns are
/// still made. And a new network namespace's loopback interface is up.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
final class UserNamespaceDevTests {
    let work: Scratch
    let rootfs: String

    init() throws {
        work = try Scratch(prefix: "mydocker-userns-dev")
        rootfs = work.path + "/rootfs"
        try BusyboxRootfs.make(at: rootfs)
    }

    func spec(_ script: String, mapping: String = "{containerID: 0, hostID: 100000, size: 65536}", user: String = "{uid: 0, gid: 0}",
              extraMounts: String = "", namespaces: String = "user, uts, pid, ipc, mount") throws -> String {
        try work.write("spec-\(UUID().uuidString.prefix(8)).yaml", """
            hostname: dev-box
            root: {path: \(rootfs)}
            process:
              user: \(user)
              args: [/bin/sh, -c, '\(script)']
            mounts:
            \(ContainerTerminalTests.runcDev)
            \(extraMounts)
            linux:
              namespaces: [\(namespaces)]
              uidMappings: [\(mapping)]
              gidMappings: [\(mapping)]
            """)
    }

    @Test func runcsDevLayoutWorksUnderTheMapping() throws {
        let before = try HostSnapshot.now()
        let shared = try work.makeDirectory("shared")
        chmod(shared, 0o777)
        // /data is missing in the rootfs, which the host's root owns: it is still made.
        let script = "id -u; stat -c \"%n %u:%g %a\" /dev /dev/pts /dev/shm; ls /dev; echo gone > /dev/null; touch /dev/shm/x /dev/made /data/by-root && stat -c %u /dev/shm/x /dev/made; cat /proc/self/uid_map"
        let output = MyDockerBinary.apply(try spec(script, extraMounts: "  - {destination: /data, type: bind, source: \(shared), options: [rbind]}"))
        #expect(output.stderr == "")
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        // The default devices too: mknod is not allowed in a user namespace, so each is the host's node bound
        // onto an empty file (null and the others are checked in ConfinementIntegrationTests), as runc does.
        #expect(lines == ["0", "/dev 0:0 755", "/dev/pts 0:0 755", "/dev/shm 0:0 1777", "fd", "full", "mqueue", "null", "ptmx", "pts",
                          "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero", "0", "0", "0 100000 65536"], "\(output)")
        // The container's root is 100000 on the host.
        var status = stat()
        #expect(stat(shared + "/by-root", &status) == 0 && status.st_uid == 100000)
        #expect(FileManager.default.fileExists(atPath: rootfs + "/data"))
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// A failure at the new step's edge: a namespace that does not map uid 0 has no root to become, so the tmpfs
    /// still cannot own a mount point made by the child; apply says which mount and why, and leaves nothing.
    @Test func aNamespaceWithoutRootStillFailsAtTheMountPoint() throws {
        let before = try HostSnapshot.now()
        let output = MyDockerBinary.apply(try spec("true", mapping: "{containerID: 1000, hostID: 101000, size: 1000}", user: "{uid: 1000, gid: 1000}"))
        #expect(output.status == 125)
        #expect(output.stderr.contains("(mount /dev/pts (mounts[2]: devpts)): mkdirat /dev/pts in the root: Value too large for defined data type"), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func theLoopbackOfANewNetworkNamespaceIsUp() throws {
        let before = try HostSnapshot.now()
        let script = "ip -o link show lo | grep -o \"<[A-Z,_]*>\"; ping -c 1 -W 1 127.0.0.1 | grep -q \"bytes from\" && echo ping"
        let withUser = MyDockerBinary.apply(try spec(script, namespaces: "user, network, uts, pid, ipc, mount"))
        #expect(withUser == .init(status: 0, stdout: "<LOOPBACK,UP,LOWER_UP>\nping\n", stderr: ""))
        let withoutUser = MyDockerBinary.apply(try work.write("net.yaml", """
            root: {path: \(rootfs)}
            process:
              args: [/bin/sh, -c, '\(script)']
            linux:
              namespaces: [network, mount]
            """))
        #expect(withoutUser == .init(status: 0, stdout: "<LOOPBACK,UP,LOWER_UP>\nping\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }
}
