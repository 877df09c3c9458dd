import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Foundation
import Glibc
import Spec
import Testing

/// How mount failures read.
@Suite struct MountFailureTests {
    @Test func labelsNameDestinationIndexKindAndSource() {
        let bind = ContainerSpec.Mount(destination: "/data", type: "bind", source: "/srv/data", options: ["rbind", "ro"])
        #expect(bind.failureLabel(index: 2) == "mount /data (mounts[2]: rbind /srv/data)")
        let proc = ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")
        #expect(proc.failureLabel(index: 0) == "mount /proc (mounts[0]: proc)")
        let loop = ContainerSpec.Mount(destination: "/testmount", type: "ext4", source: "img", resolvedSource: "/specs/img", options: ["loop"])
        #expect(loop.failureLabel(index: 1) == "mount /testmount (mounts[1]: ext4 loop /specs/img)")
        let untyped = ContainerSpec.Mount(destination: "/x")
        #expect(untyped.failureLabel(index: 3) == "mount /x (mounts[3]: no type)")
    }

    @Test func unknownOptionWordsAreQuoted() {
        #expect(MountFailure.unknownOptionsHint(["rx"]) == "unknown mount option \"rx\"")
        #expect(MountFailure.unknownOptionsHint(["rx", "nosiud"]) == "unknown mount options \"rx\", \"nosiud\"")
    }

    @Test func blockFileSystemOnARegularFileAsksForLoop() throws {
        let dir = MountTestSupport.makeTemporaryDirectory()
        defer { MountTestSupport.remove(dir) }
        #expect(FileManager.default.createFile(atPath: dir + "/testdata", contents: Data()))
        let mount = ContainerSpec.Mount(destination: "/testmount", type: "xfs", source: dir + "/testdata")
        #expect(MountFailure.blockDeviceHint(mount, errno: ENOTBLK)
            == "xfs needs a block device; \(dir)/testdata is a regular file: add the \"loop\" option")
        // Inside a user namespace the kernel says EPERM before it looks at the source.
        #expect(MountFailure.blockDeviceHint(mount, errno: EPERM)
            == "xfs needs a block device; \(dir)/testdata is a regular file: add the \"loop\" option")
        // The message is the seed's, read as one line.
        let error = MountError(what: "mount /testmount", hint: MountFailure.blockDeviceHint(mount, errno: ENOTBLK))
        #expect(error.description == "mount /testmount: xfs needs a block device; \(dir)/testdata is a regular file: add the \"loop\" option")
    }

    @Test func blockDeviceHintOnlyWhenItFits() {
        let dir = MountTestSupport.makeTemporaryDirectory()
        defer { MountTestSupport.remove(dir) }
        let onDirectory = ContainerSpec.Mount(destination: "/m", type: "ext4", source: dir)
        #expect(MountFailure.blockDeviceHint(onDirectory, errno: ENOTBLK)
            == "ext4 needs a block device; \(dir) is a directory: use a bind mount (the \"bind\" option)")
        // tmpfs needs no device: EPERM there is something else.
        let tmpfs = ContainerSpec.Mount(destination: "/m", type: "tmpfs", source: dir)
        #expect(MountFailure.blockDeviceHint(tmpfs, errno: EPERM) == nil)
        let looped = ContainerSpec.Mount(destination: "/m", type: "ext4", source: dir, options: ["loop"])
        #expect(MountFailure.blockDeviceHint(looped, errno: ENOTBLK) == nil)
        let missing = ContainerSpec.Mount(destination: "/m", type: "ext4", source: dir + "/missing")
        #expect(MountFailure.blockDeviceHint(missing, errno: ENOTBLK) == nil)
        #expect(MountFailure.blockDeviceHint(onDirectory, errno: EINVAL) == nil)
    }

    @Test func fileSystemsThatNeedADevice() {
        #expect(MountFailure.fileSystemNeedsDevice("ext4"))
        #expect(!MountFailure.fileSystemNeedsDevice("tmpfs"))
        #expect(!MountFailure.fileSystemNeedsDevice("proc"))
    }
}
