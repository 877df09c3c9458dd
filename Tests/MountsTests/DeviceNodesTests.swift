import Foundation
import Glibc
@testable import Mounts
import Spec
import Testing
import TestSupport

/// Device nodes and /dev links made in a root on disk (mknod needs root): nodes in several folders, in an order
/// that goes back to a folder already used, land where their paths say, with their numbers, modes and owners.
@Suite(.enabled(if: isRoot, "needs root: mknod")) struct DeviceNodesTests {
    let root = MountTestSupport.makeTemporaryDirectory()

    func stat(_ path: String) -> Glibc.stat? {
        var info = Glibc.stat()
        return lstat(root + path, &info) == 0 ? info : nil
    }

    @Test func nodesInSeveralFoldersAndTheLinksLandWhereTheirPathsSay() throws {
        defer { MountTestSupport.remove(root) }
        let devices = [
            ContainerSpec.Device(path: "/dev/null", type: "c", major: 1, minor: 3),
            ContainerSpec.Device(path: "/dev/net/tun", type: "c", major: 10, minor: 200, fileMode: 0o600),
            ContainerSpec.Device(path: "/dev/zero", type: "c", major: 1, minor: 5, uid: 12, gid: 34),
            ContainerSpec.Device(path: "/dev/pipes/fifo", type: "p"),
            ContainerSpec.Device(path: "/dev/full", type: "c", major: 1, minor: 7),
        ]
        try DeviceNodes.create(devices, links: true, rootfs: root)
        for (path, major, minor) in [("/dev/null", 1, 3), ("/dev/net/tun", 10, 200), ("/dev/zero", 1, 5), ("/dev/full", 1, 7)] {
            let info = try #require(stat(path), "\(path)")
            #expect(info.st_mode & S_IFMT == S_IFCHR, "\(path)")
            #expect(major_(info.st_rdev) == major && minor_(info.st_rdev) == minor, "\(path)")
        }
        #expect(stat("/dev/net/tun").map { $0.st_mode & 0o777 } == 0o600)
        #expect(stat("/dev/null").map { $0.st_mode & 0o777 } == 0o666)
        #expect(stat("/dev/zero").map { [$0.st_uid, $0.st_gid] } == [12, 34])
        #expect(stat("/dev/pipes/fifo").map { $0.st_mode & S_IFMT } == S_IFIFO)
        for link in DeviceNodes.defaultLinks {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/dev/" + link.name) == link.target)
        }
        // Nothing was made outside /dev.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["dev"])
    }

    @Test func aNodeThatIsThereAlreadyIsKept() throws {
        defer { MountTestSupport.remove(root) }
        try FileManager.default.createDirectory(atPath: root + "/dev", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/dev/null", contents: Data("kept".utf8)))
        try DeviceNodes.create([ContainerSpec.Device(path: "/dev/null", type: "c", major: 1, minor: 3),
                                ContainerSpec.Device(path: "/dev/zero", type: "c", major: 1, minor: 5)], links: false, rootfs: root)
        #expect(try String(contentsOfFile: root + "/dev/null", encoding: .utf8) == "kept")
        #expect(stat("/dev/zero").map { $0.st_mode & S_IFMT } == S_IFCHR)
    }

    private func major_(_ dev: dev_t) -> Int { Int((dev >> 8) & 0xfff) | Int((dev >> 32) & ~0xfff) }
    private func minor_(_ dev: dev_t) -> Int { Int(dev & 0xff) | Int((dev >> 12) & ~0xff) }
}
