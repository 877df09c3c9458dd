import CShim
import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Glibc
import Spec
import Testing

/// MountFlags to and from the kernel's other spellings: MOUNT_ATTR_*, statvfs's ST_*, remount flags.
@Suite struct MountFlagsKernelTests {
    @Test func theDataWordsReachMountAsOneCommaSeparatedString() {
        #expect(ResolvedMountOptions(["nosuid", "mode=755", "size=65536k"]).dataString == "mode=755,size=65536k")
        #expect(ResolvedMountOptions(["newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]).dataString == "newinstance,ptmxmode=0666,mode=0620,gid=5")
        #expect(ResolvedMountOptions(["ro", "nodev"]).dataString == "")
    }

    @Test func mountAttributesOfTheFlags() {
        #expect(MountFlags([.readOnly, .noSUID, .noDev, .noExec]).mountAttributes == 0xF)
        #expect(MountFlags([.noAtime]).mountAttributes == UInt32(MD_MOUNT_ATTR_NOATIME))
        #expect(MountFlags([.strictAtime]).mountAttributes == UInt32(MD_MOUNT_ATTR_STRICTATIME))
        #expect(MountFlags([.relatime]).mountAttributes == 0)
        #expect(MountFlags([.noDirAtime, .noSymFollow]).mountAttributes
            == UInt32(MD_MOUNT_ATTR_NODIRATIME) | UInt32(MD_MOUNT_ATTR_NOSYMFOLLOW))
        // Superblock flags are not mount attributes.
        #expect(MountFlags([.synchronous, .lazyTime]).mountAttributes == 0)
    }

    @Test func statvfsFlagsBecomeMountFlags() {
        #expect(MountFlags(statvfsFlags: 0x1 | 0x2 | 0x1000) == [.readOnly, .noSUID, .relatime])
        #expect(MountFlags(statvfsFlags: 0x4 | 0x8 | 0x400 | 0x800) == [.noDev, .noExec, .noAtime, .noDirAtime])
        // Neither noatime nor relatime: strictatime, which a locked remount must repeat.
        #expect(MountFlags(statvfsFlags: 0x2000) == [.noSymFollow, .strictAtime])
    }

    @Test func bindRemountKeepsCurrentFlagsUnlessChanged() {
        let current: MountFlags = [.noSUID, .noDev, .relatime]
        #expect(MountFlags.bindRemount(requested: ResolvedMountOptions(["bind", "ro"]), current: current)
            == [.readOnly, .noSUID, .noDev, .relatime])
        // `dev` clears a flag the mount has; an atime word replaces the atime choice.
        #expect(MountFlags.bindRemount(requested: ResolvedMountOptions(["bind", "ro", "dev", "noatime"]), current: current)
            == [.readOnly, .noSUID, .noAtime])
        #expect(MountFlags.bindRemount(requested: ResolvedMountOptions(["rw"]), current: [.readOnly, .strictAtime])
            == [.strictAtime])
    }

    @Test func currentFlagsOfAPath() {
        let (flags, error) = MountFlags.current(of: "/proc")
        #expect(error == 0)
        // /proc always has one atime choice.
        #expect(flags.map { $0.intersection(MountFlags.atimeChoices).rawValue.nonzeroBitCount } == 1)
        #expect(MountFlags.current(of: "/nonexistent/mydocker").errno == ENOENT)
    }

    @Test func fileSystemWordsAreKnown() {
        let options = ResolvedMountOptions(["silent", "nodelalloc", "attr2", "compress", "volatile", "favordynmods"])
        #expect(options.unknown.isEmpty)
        #expect(options.flags == [.silent])
        #expect(options.data == ["nodelalloc", "attr2", "compress", "volatile", "favordynmods"])
        #expect(DetachedMount.parameters(of: options).first?.key == "silent")
    }

    @Test func detachedMountParametersFromOptions() {
        let options = ResolvedMountOptions(["loop", "ro", "nosuid", "sync", "noload", "commit=30", "errors=remount-ro"])
        let parameters = DetachedMount.parameters(of: options)
        #expect(parameters.map(\.key) == ["ro", "sync", "noload", "commit", "errors"])
        #expect(parameters.map(\.value) == [nil, nil, nil, "30", "remount-ro"])
        #expect(DetachedMount.parameters(of: ResolvedMountOptions(["loop", "rw", "nodev"])).isEmpty)
    }
}
