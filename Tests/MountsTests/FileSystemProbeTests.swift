import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Testing

/// Naming the file system of an image from its signature (for loop mounts without a `type`).
@Suite struct MountFileSystemProbeTests {
    @Test(arguments: ["ext4", "xfs"])
    func imagesMadeByMkfsAreRecognised(type: String) throws {
        let dir = MountTestSupport.makeTemporaryDirectory()
        defer { MountTestSupport.remove(dir) }
        try #require(MountTestSupport.hasProgram("mkfs.\(type)"), "mkfs.\(type) is not installed")
        let image = dir + "/probe.img"
        try #require(MountTestSupport.makeImage(image, type: type, megabytes: type == "xfs" ? 300 : 16))
        let probed = FileSystemProbe.type(ofDevice: image)
        #expect(probed.type == type)
        #expect(probed.errno == 0)
    }

    @Test func zerosAreNothing() throws {
        let dir = MountTestSupport.makeTemporaryDirectory()
        defer { MountTestSupport.remove(dir) }
        #expect(MountTestSupport.run(["truncate", "-s", "1M", dir + "/zeros.img"]).status == 0)
        #expect(FileSystemProbe.type(ofDevice: dir + "/zeros.img") == (nil, 0))
        // Shorter than the btrfs superblock's offset: read what there is.
        #expect(MountTestSupport.run(["truncate", "-s", "4K", dir + "/short.img"]).status == 0)
        #expect(FileSystemProbe.type(ofDevice: dir + "/short.img") == (nil, 0))
        #expect(FileSystemProbe.type(ofDevice: dir + "/missing.img").errno == 2)
    }

    @Test func signaturesAtTheirOffsets() {
        var header = [UInt8](repeating: 0, count: FileSystemProbe.headerSize)
        #expect(FileSystemProbe.type(of: header) == nil)
        header[1080] = 0x53
        header[1081] = 0xEF
        #expect(FileSystemProbe.type(of: header) == "ext4")
        header = [UInt8](repeating: 0, count: 4096)
        header.replaceSubrange(0..<4, with: Array("hsqs".utf8))
        #expect(FileSystemProbe.type(of: header) == "squashfs")
    }
}
