import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Glibc
import Spec
import Testing

/// Detached mounts of loop-attached images, made and used in this (host) process without ever
/// being attached to the host's tree: files are written through the mount's descriptor.
/// They are made close-on-exec (but one): tests in parallel start processes, which would inherit
/// the mounts and keep them alive.
@Suite(.enabled(if: MountTestSupport.isRoot, "needs root: attaches loop devices and mounts images"))
struct MountDetachedMountTests {
    let dir = MountTestSupport.makeTemporaryDirectory()

    /// Attach + detached mount + close of the loop descriptor, as the parent does it.
    func prepare(_ image: String, type: String, options: [String], inheritable: Bool = false) throws(MountError) -> DetachedMount {
        let resolved = ResolvedMountOptions(options)
        let attachment = try LoopAttachment.attach(image: image, readOnly: resolved.flags.contains(.readOnly))
        defer { attachment.close() }
        return try DetachedMount.create(device: attachment.devicePath, fsType: type, options: resolved, inheritable: inheritable)
    }

    @Test func mountIsInheritableByDefault() throws {
        defer { MountTestSupport.remove(dir) }
        let image = dir + "/inherit.img"
        try #require(MountTestSupport.makeImage(image))
        let mount = try prepare(image, type: "ext4", options: ["loop"], inheritable: true)
        let flags = fcntl(mount.fd, F_GETFD)
        // Close-on-exec again at once, before a process started by another test inherits it.
        _ = fcntl(mount.fd, F_SETFD, FD_CLOEXEC)
        #expect(flags >= 0 && flags & FD_CLOEXEC == 0, "the child must inherit the mount")
        mount.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty)
    }

    @Test(arguments: ["ext4", "xfs"])
    func fileWrittenThroughTheMountIsInTheImage(type: String) throws {
        defer { MountTestSupport.remove(dir) }
        try #require(type == "ext4" || MountTestSupport.hasProgram("mkfs.xfs"), "mkfs.xfs is not installed")
        let image = dir + "/\(type).img"
        // xfs needs 300 MiB at least; the file is sparse.
        try #require(MountTestSupport.makeImage(image, type: type, megabytes: type == "xfs" ? 300 : 32))
        let hostMounts = MountTestSupport.mountInfo()

        let mount = try prepare(image, type: type, options: ["loop", "rw", "nosuid", "nodev"])
        // The loop descriptor is closed: the mount alone holds the device.
        #expect(MountTestSupport.loopDevices(of: image).count == 1)
        #expect(MountTestSupport.write("written through a detached mount\n", to: "hello.txt", under: mount.fd) == 0)
        let flags = MountFlags.current(of: MountSyscall.procPath(mount.fd)).flags ?? []
        #expect(flags.isSuperset(of: [.noSUID, .noDev]))
        #expect(!flags.contains(.readOnly))
        #expect(MountTestSupport.mountInfo() == hostMounts, "a detached mount is in no mount table")
        mount.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty, "autoclear: the device goes with its last mount")

        // Mount the image again, read-only this time, and read the file back.
        let again = try prepare(image, type: type, options: ["loop", "ro"])
        #expect(MountTestSupport.read("hello.txt", under: again.fd) == "written through a detached mount\n")
        #expect(MountTestSupport.write("no", to: "other.txt", under: again.fd) == EROFS)
        #expect(MountFlags.current(of: MountSyscall.procPath(again.fd)).flags?.contains(.readOnly) == true)
        again.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty)
        #expect(MountTestSupport.mountInfo() == hostMounts)
    }

    @Test func ext4FileIsReadableWithoutMounting() throws {
        defer { MountTestSupport.remove(dir) }
        let image = dir + "/debugfs.img"
        try #require(MountTestSupport.makeImage(image))
        let mount = try prepare(image, type: "ext4", options: ["loop", "noexec", "noatime"])
        #expect(MountTestSupport.write("seen by debugfs\n", to: "note.txt", under: mount.fd) == 0)
        let flags = MountFlags.current(of: MountSyscall.procPath(mount.fd)).flags ?? []
        #expect(flags.isSuperset(of: [.noExec, .noAtime]))
        mount.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty)
        let listed = MountTestSupport.run(["debugfs", "-R", "cat /note.txt", image])
        #expect(listed.output == "seen by debugfs\n")
    }

    @Test func autoTypeIsProbed() throws {
        defer { MountTestSupport.remove(dir) }
        let image = dir + "/auto.img"
        try #require(MountTestSupport.makeImage(image))
        let mount = try prepare(image, type: "auto", options: ["loop"])
        #expect(MountTestSupport.write("auto\n", to: "auto.txt", under: mount.fd) == 0)
        mount.close()
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty)

        let zeros = dir + "/zeros.img"
        #expect(MountTestSupport.run(["truncate", "-s", "8M", zeros]).status == 0)
        do {
            _ = try prepare(zeros, type: "auto", options: ["loop"])
            Issue.record("probing zeros should fail")
        } catch {
            #expect(error.hint?.hasPrefix("no known file system signature on /dev/loop") == true, "\(error)")
            #expect(error.hint?.hasSuffix(" (\(zeros)): give the mount a type") == true, "\(error)")
        }
        #expect(MountTestSupport.loopDevicesAfterRelease(of: zeros).isEmpty)
    }

    @Test func notAFileSystemIsSaidSo() throws {
        defer { MountTestSupport.remove(dir) }
        let image = dir + "/zeros.img"
        #expect(MountTestSupport.run(["truncate", "-s", "8M", image]).status == 0)
        do {
            _ = try prepare(image, type: "ext4", options: ["loop"])
            Issue.record("mounting zeros as ext4 should fail")
        } catch {
            #expect(error.syscall == "fsconfig(FSCONFIG_CMD_CREATE)")
            #expect(error.errno == EINVAL)
            #expect(error.what.hasPrefix("mount /dev/loop"))
            #expect(error.what.hasSuffix(" (\(image)) as ext4"), "\(error)")
            // ext4 reports "Can't find ext4 filesystem" to dmesg only, not to the context's log.
            #expect(error.hint?.hasSuffix(" (\(image)) holds no ext4 file system the kernel can mount (dmesg may say more)") == true, "\(error)")
        }
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty, "a failed mount leaves no device")
    }

    @Test func unknownDataOptionIsRefusedByTheFileSystem() throws {
        defer { MountTestSupport.remove(dir) }
        let image = dir + "/options.img"
        try #require(MountTestSupport.makeImage(image))
        do {
            _ = try prepare(image, type: "ext4", options: ["loop", "nosuchthing=1"])
            Issue.record("ext4 should refuse nosuchthing=1")
        } catch {
            #expect(error.syscall == "fsconfig(FSCONFIG_SET_STRING, \"nosuchthing\", \"1\")")
            #expect(error.hint?.hasPrefix("kernel says: ") == true, "\(error)")
            #expect(error.hint?.contains("nosuchthing") == true, "\(error)")
        }
        #expect(MountTestSupport.loopDevicesAfterRelease(of: image).isEmpty)
    }

    @Test func unknownFileSystemType() throws {
        defer { MountTestSupport.remove(dir) }
        do {
            _ = try DetachedMount.create(device: "/dev/null", fsType: "nosuchfs", options: ResolvedMountOptions([]))
            Issue.record("fsopen of an unknown type should fail")
        } catch {
            #expect(error.description == "mount /dev/null as nosuchfs: fsopen(\"nosuchfs\"): No such device: the kernel has no nosuchfs file system (see /proc/filesystems)")
        }
    }

    @Test func unknownOptionWordIsRefusedBeforeAnyCall() throws {
        defer { MountTestSupport.remove(dir) }
        do {
            _ = try DetachedMount.create(device: "/dev/null", fsType: "ext4", options: ResolvedMountOptions(["loop", "nosiud"]))
            Issue.record("an unknown option word should be refused")
        } catch {
            #expect(error.description == "mount /dev/null as ext4: unknown mount option \"nosiud\"")
        }
    }
}
