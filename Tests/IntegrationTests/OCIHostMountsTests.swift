import Foundation
import Glibc
import Testing

/// An OCI config with a root and mounts but no mount namespace, as runc runs it (the conformance suite's
/// linux_ns_itype): the mounts go to the host's mount table and the process is chrooted into the root, in the host's
/// mount namespace. Unlike runc, delete (and a create that fails) unmounts them again.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct OCIHostMountsTests {
    static var namespaces: [[String: Any]] { [["type": "pid"], ["type": "uts"], ["type": "ipc"]] }

    func ownMountNamespace() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
    }

    /// The host's mount points below `root`.
    func mounts(below root: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point == root || point.hasPrefix(root + "/") ? point : nil
        }
    }

    @Test func theMountsGoToTheHostUntilDelete() throws {
        let bench = try OCIBench(prefix: "oci-hm")
        let before = try bench.hostState()
        let bundle = try bench.bundle(
            args: ["/bin/sh", "-c", "readlink /proc/self/ns/mnt; ls /proc/1/cmdline >/dev/null && echo proc; touch /x 2>/dev/null || echo read-only"],
            extra: [
                "linux": ["namespaces": Self.namespaces],
                "root": ["path": bench.sandbox.rootfs, "readonly": true],
            ])
        let id = bench.id("c")
        let out = bench.sandbox.path + "/out"
        let stdout = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(stdout) }
        let create = ProcessRunner.spawnAndWait([MyDockerBinary.path, "--root", bench.root, "create", "--bundle", bundle, id],
                                                descriptors: [1: stdout])
        #expect(create.status == 0, "\(create)")
        // While it exists, its /proc and /dev are in the host's table below its root, and the host sees its root as it
        // does: the read-only bind of the root onto itself (no mount namespace keeps them apart).
        let made = mounts(below: bench.sandbox.rootfs)
        #expect(made.contains(bench.sandbox.rootfs + "/proc") && made.contains(bench.sandbox.rootfs + "/dev"), "\(made)")
        #expect(access(bench.sandbox.rootfs, W_OK) != 0 && errno == EROFS)
        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        let printed = try String(contentsOfFile: out, encoding: .utf8)
        #expect(printed == "\(try ownMountNamespace())\nproc\nread-only\n", "\(printed)")
        #expect(!mounts(below: bench.sandbox.rootfs).isEmpty, "runc's: the mounts stay until delete")
        #expect(try bench.run(["delete", id]).status == 0)
        #expect(mounts(below: bench.sandbox.rootfs).isEmpty)
        #expect(access(bench.sandbox.rootfs, W_OK) == 0)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    /// delete --force of a created container (as after a create that was killed) removes its host mounts too; a
    /// create whose third mount fails unmounts the two it made.
    @Test func forcedDeleteAndAFailedCreateLeaveNoMount() throws {
        let bench = try OCIBench(prefix: "oci-hf")
        let before = try bench.hostState()
        let bundle = try bench.bundle(extra: ["linux": ["namespaces": Self.namespaces]])
        let id = bench.id("c")
        let create = ProcessRunner.spawnAndWait([MyDockerBinary.path, "--root", bench.root, "create", "--bundle", bundle, id])
        #expect(create.status == 0, "\(create)")
        #expect(!mounts(below: bench.sandbox.rootfs).isEmpty)
        #expect(try bench.run(["delete", "--force", id]).status == 0)
        #expect(mounts(below: bench.sandbox.rootfs).isEmpty)

        // proc onto a regular file of the root: ENOTDIR, after /proc and /dev were mounted.
        let failing = try bench.bundle("failing", extra: [
            "linux": ["namespaces": Self.namespaces],
            "mounts": [
                ["destination": "/proc", "type": "proc", "source": "proc"],
                ["destination": "/dev", "type": "tmpfs", "source": "tmpfs"],
                ["destination": "/bin/busybox", "type": "proc", "source": "proc"],
            ],
        ])
        let failed = try bench.run(["create", "--bundle", failing, bench.id("f")])
        #expect(failed.status != 0, "\(failed)")
        #expect(failed.stderr.contains("/bin/busybox"), "\(failed)")
        #expect(mounts(below: bench.sandbox.rootfs).isEmpty)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    /// Without a root, or with the host's / as the root, the mounts would land on the host's own paths: still
    /// refused, at create, changing nothing.
    @Test func withoutARootTheMountsAreRefused() throws {
        let bench = try OCIBench(prefix: "oci-hr")
        let before = try bench.hostState()
        let bundle = try bench.bundle(extra: ["linux": ["namespaces": Self.namespaces]])
        let url = URL(fileURLWithPath: bundle + "/config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        config["root"] = nil
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        let output = try bench.run(["create", "--bundle", bundle, bench.id("c")])
        #expect(output.status != 0 && output.stderr.contains("mounts-without-mountns"), "\(output)")
        config["root"] = ["path": "/tmp/.."]
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        let hostRoot = try bench.run(["create", "--bundle", bundle, bench.id("h")])
        #expect(hostRoot.status != 0 && hostRoot.stderr.contains("mounts-without-mountns"), "\(hostRoot)")
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }
}
