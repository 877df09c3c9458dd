import Foundation
import Glibc
import Testing

/// `mydocker apply` carrying out mounts in real containers (busybox root file systems), and the
/// host left as it was: no loop device, no mount, nothing in TMPDIR.
@Suite(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs containers that mount"))
struct MountTests {
    @Test func bindMountIsVisibleInsideAndNotOnTheHost() throws {
        let box = try MountSandbox()
        let shared = try box.makeDirectory("shared")
        try box.write("shared/from-host.txt", "from the host\n")
        let spec = try box.write("bind.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'cat /shared/from-host.txt; echo from-inside > /shared/from-inside.txt; grep -c " /shared " /proc/self/mountinfo']
            mounts:
              - {destination: /proc, type: proc, source: proc}
              - {destination: /shared, type: bind, source: \(shared), options: [bind]}
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.stdout == "from the host\n1\n", "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        // Writes go through to the source; the mount point in the rootfs stays an empty folder on the host.
        #expect(try String(contentsOfFile: shared + "/from-inside.txt", encoding: .utf8) == "from-inside\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.rootfs + "/shared").isEmpty)
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks()
    }

    @Test(arguments: ["bind", "rbind"])
    func readOnlyBindRefusesWrites(kind: String) throws {
        let box = try MountSandbox()
        let shared = try box.makeDirectory("shared")
        let spec = try box.write("ro.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'touch /shared/nope; echo "status $?"']
            mounts:
              - {destination: /shared, type: bind, source: \(shared), options: [\(kind), ro, nosuid, nodev]}
            linux:
              namespaces: [mount]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "status 1\n")
        #expect(run.stderr.contains("Read-only file system"), "\(run.stderr)")
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: shared + "/nope"))
        box.expectNoLeaks()
    }

    @Test func readOnlyBindInAUserNamespaceKeepsTheLockedFlags() throws {
        let box = try MountSandbox()
        // World-writable: without `ro`, root inside (100000 outside) could write here.
        let shared = try box.makeDirectory("shared")
        #expect(chmod(shared, 0o777) == 0)
        let spec = try box.write("ro-userns.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'touch /shared/nope; echo "ro $?"; touch /rw/yes; echo "rw $?"']
            mounts:
              - {destination: /shared, type: bind, source: \(shared), options: [bind, ro, nodev]}
              - {destination: /rw, type: bind, source: \(shared), options: [rbind, nosuid]}
            linux:
              namespaces: [user, mount]
              uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "ro 1\nrw 0\n", "\(run.stderr)")
        #expect(run.stderr.contains("Read-only file system"), "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: shared + "/yes"))
        #expect(!FileManager.default.fileExists(atPath: shared + "/nope"))
        box.expectNoLeaks()
    }

    @Test func fileBindMountGetsAnEmptyFileAsMountPoint() throws {
        let box = try MountSandbox()
        let file = try box.write("hostname.txt", "from a file\n")
        let spec = try box.write("file.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/cat, /etc/deep/hostname]
            mounts:
              - {destination: /etc/deep/hostname, type: bind, source: \(file), options: [bind, ro]}
            linux:
              namespaces: [mount]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "from a file\n", "\(run.stderr)")
        #expect(run.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: box.rootfs + "/etc/deep/hostname")
        #expect(attributes[.size] as? Int == 0, "the mount point made in the rootfs is an empty file")
        box.expectNoLeaks()
    }

    @Test(arguments: ["ext4", "xfs"])
    func fileWrittenInALoopMountedImageIsInTheImage(type: String) throws {
        try #require(type == "ext4" || MountSandbox.hasProgram("mkfs.xfs"), "mkfs.xfs is not installed")
        let box = try MountSandbox()
        let image = try box.makeImage("data.img", type: type, megabytes: type == "xfs" ? 300 : 32)
        let spec = try box.write("loop.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'echo written inside > /testmount/inside.txt && grep -c " /testmount " /proc/self/mountinfo']
            mounts:
              - {destination: /proc, type: proc, source: proc}
              - {destination: /testmount, type: \(type), source: \(image), options: [loop, rw, nosuid, nodev]}
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.stdout == "1\n", "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks(images: [image])
        let check = try box.makeDirectory("check")
        #expect(MountSandbox.readThroughMount(image, type: type, "inside.txt", at: check) == "written inside\n")
        if type == "ext4" {
            #expect(MountSandbox.readExt4(image, "/inside.txt") == "written inside\n")
        }
        box.expectNoLeaks(images: [image])
    }

    @Test func readOnlyLoopMountRefusesWrites() throws {
        let box = try MountSandbox()
        let image = try box.makeImage("ro.img")
        let spec = try box.write("loop-ro.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'touch /testmount/nope; echo "status $?"']
            mounts:
              - {destination: /testmount, type: ext4, source: \(image), options: [loop, ro]}
            linux:
              namespaces: [mount]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "status 1\n", "\(run.stderr)")
        #expect(run.stderr.contains("Read-only file system"), "\(run.stderr)")
        box.expectNoLeaks(images: [image])
    }

    @Test func loopMountWorksInAUserNamespace() throws {
        let box = try MountSandbox()
        // Root inside is 100000 outside: the image's root folder belongs to it.
        let image = try box.makeImage("userns.img", mkfsArguments: ["-E", "root_owner=100000:100000"])
        let spec = try box.write("loop-userns.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'echo from a user namespace > /testmount/userns.txt && id -u && cat /proc/self/uid_map']
            mounts:
              - {destination: /proc, type: proc, source: proc}
              - {destination: /testmount, type: ext4, source: \(image), options: [loop]}
            linux:
              namespaces: [user, mount, pid]
              uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
            """)
        let run = box.apply(spec)
        #expect(run.stdout.hasPrefix("0\n"), "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("100000"))
        #expect(run.status == 0, "\(run.stderr)")
        box.expectNoLeaks(images: [image])
        #expect(MountSandbox.readExt4(image, "/userns.txt") == "from a user namespace\n")
        let owner = MountSandbox.run(["debugfs", "-R", "stat /userns.txt", image]).stdout
        #expect(owner.contains("User: 100000"), "\(owner)")
    }

    @Test func procIsolation() throws {
        let box = try MountSandbox()
        let spec = try box.write("proc.yaml", """
            root: {path: \(box.rootfs), readonly: true}
            process:
              args: [/bin/ps, -o, 'pid,comm']
            mounts:
              - {destination: /proc, type: proc, source: proc, options: [nosuid, nodev, noexec]}
            linux:
              namespaces: [pid, mount]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(run.stdout.split(separator: "\n").first?.split(separator: " ") == ["PID", "COMMAND"], "\(run.stdout)")
        // Only the container's: the minimal init as PID 1 and ps itself as PID 2.
        #expect(rows.count == 2, "\(run.stdout)")
        let pids = try rows.map { row in try #require(Int(row.first ?? ""), "a row without a PID: \(run.stdout)") }
        #expect(pids == [1, 2], "\(run.stdout)")
        #expect(rows.allSatisfy { $0.count == 2 }, "\(run.stdout)")
        #expect(rows.last?.last == "ps", "\(run.stdout)")
        #expect(rows.first?.last == "mydocker", "PID 1 is the minimal init: \(run.stdout)")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks()
    }

    @Test func readOnlyRootWithWritableTmpfs() throws {
        let box = try MountSandbox()
        let spec = try box.write("roroot.yaml", """
            root: {path: \(box.rootfs), readonly: true}
            process:
              args: [/bin/sh, -c, 'touch /nope; echo "root $?"; touch /tmp/yes; echo "tmp $?"; stat -c %a /tmp']
            mounts:
              - {destination: /tmp, type: tmpfs, source: tmpfs, options: [size=1m, mode=1777, nosuid, nodev]}
            linux:
              namespaces: [mount]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "root 1\ntmp 0\n1777\n", "\(run.stderr)")
        #expect(run.stderr.contains("Read-only file system"))
        #expect(!FileManager.default.fileExists(atPath: box.rootfs + "/nope"))
        box.expectNoLeaks()
    }

    @Test func symlinkInTheRootfsCannotPointAMountAtTheHost() throws {
        let box = try MountSandbox()
        // hostonly exists on the host only; the rootfs links to it by its absolute path.
        let hostOnly = try box.makeDirectory("hostonly")
        try FileManager.default.createSymbolicLink(atPath: box.rootfs + "/escape", withDestinationPath: hostOnly)
        let spec = try box.write("escape.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/true]
            mounts:
              - {destination: /escape/sub, type: tmpfs, source: tmpfs}
            linux:
              namespaces: [mount]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.status != 0)
        #expect(run.stderr.contains("mount /escape/sub"), "\(run.stderr)")
        #expect(run.stderr.contains("/escape is a symlink to a path that does not exist in the root"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: hostOnly).isEmpty, "nothing made on the host")
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks()
    }

    @Test func symlinkToEtcMeansTheRootfsEtc() throws {
        let box = try MountSandbox()
        try FileManager.default.createSymbolicLink(atPath: box.rootfs + "/config", withDestinationPath: "/etc")
        let spec = try box.write("etc.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'grep -c " /etc/mounted " /proc/self/mountinfo']
            mounts:
              - {destination: /proc, type: proc, source: proc}
              - {destination: /config/mounted, type: tmpfs, source: tmpfs}
            linux:
              namespaces: [mount, pid]
            """)
        let run = box.apply(spec)
        #expect(run.stdout == "1\n", "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.rootfs + "/etc/mounted"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/mounted"))
        box.expectNoLeaks()
    }

    @Test func withoutRootMountsStayInTheContainer() throws {
        let box = try MountSandbox()
        let point = try box.makeDirectory("point")
        let spec = try box.write("noroot.yaml", """
            process:
              args: [/bin/sh, -c, 'echo inside > \(point)/file && grep -c " \(point) " /proc/self/mountinfo']
            mounts:
              - {destination: \(point), type: tmpfs, source: tmpfs, options: [size=1m]}
            linux:
              namespaces: [mount]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.stdout == "1\n", "\(run.stderr)")
        #expect(run.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: point).isEmpty)
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks()
    }

    @Test func blockFileSystemOnAPlainFileAsksForTheLoopOption() throws {
        let box = try MountSandbox()
        let image = try box.makeImage("testdata")
        let spec = try box.write("noloop.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/true]
            mounts:
              - {destination: /testmount, type: ext4, source: \(image)}
            linux:
              namespaces: [mount]
            """)
        let run = box.apply(spec)
        #expect(run.status != 0)
        #expect(run.stderr.contains("ext4 needs a block device; \(image) is a regular file: add the \"loop\" option"), "\(run.stderr)")
        box.expectNoLeaks(images: [image])
    }

    /// podman's `tmpcopyup` (runc's and crun's extension): the tmpfs starts with a copy of the directory it covers,
    /// types, modes, owners and links kept; writes stay in the tmpfs; `ro` applies once the copy is made.
    @Test(arguments: [false, true])
    func tmpcopyupCopiesTheCoveredDirectory(readOnly: Bool) throws {
        let box = try MountSandbox()
        let app = box.rootfs + "/etc/app"
        try FileManager.default.createDirectory(atPath: app + "/sub", withIntermediateDirectories: true)
        try "setting=1\n".write(toFile: app + "/app.conf", atomically: false, encoding: .utf8)
        try "deep\n".write(toFile: app + "/sub/deep.txt", atomically: false, encoding: .utf8)
        #expect(chmod(app + "/app.conf", 0o640) == 0 && chown(app + "/app.conf", 1000, 1001) == 0)
        #expect(chmod(app + "/sub", 0o710) == 0)
        try FileManager.default.createSymbolicLink(atPath: app + "/link", withDestinationPath: "/etc/passwd")
        #expect(mkfifo(app + "/fifo", 0o600) == 0)
        let options = readOnly ? "[tmpcopyup, ro, size=1m]" : "[tmpcopyup, size=1m, mode=755]"
        let spec = try box.write("copyup.yaml", """
            root: {path: \(box.rootfs)}
            process:
              args: [/bin/sh, -c, 'cat /etc/app/app.conf /etc/app/sub/deep.txt; stat -c "%n %a %u:%g %F" /etc/app/app.conf /etc/app/sub /etc/app/fifo; readlink /etc/app/link; grep -c " /etc/app " /proc/self/mountinfo; echo new > /etc/app/new; echo "write $?"']
            mounts:
              - {destination: /proc, type: proc, source: proc}
              - {destination: /etc/app, type: tmpfs, source: tmpfs, options: \(options)}
            linux:
              namespaces: [mount, pid]
            """)
        let hostMounts = HostSnapshot.mountInfo()
        let run = box.apply(spec)
        #expect(run.stdout == """
            setting=1
            deep
            /etc/app/app.conf 640 1000:1001 regular file
            /etc/app/sub 710 0:0 directory
            /etc/app/fifo 600 0:0 fifo
            /etc/passwd
            1
            write \(readOnly ? 1 : 0)

            """, "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Read-only file system") == readOnly, "\(run.stderr)")
        // The copy was the container's: the rootfs underneath is as it was.
        #expect(!FileManager.default.fileExists(atPath: app + "/new"))
        #expect(HostSnapshot.mountInfo() == hostMounts)
        box.expectNoLeaks()
    }

}
