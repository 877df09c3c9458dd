@testable import Mounts
import Testing

/// The mount table as ``HostMounts`` reads it, and which mounts count as a run's own.
struct HostMountsTests {
    static let table = Array("""
        22 27 0:21 / /proc rw,relatime - proc proc rw
        27 1 8:1 / / rw,relatime - ext4 /dev/vda1 rw
        40 27 0:40 / /tmp/bundle/root rw - overlay overlay rw
        41 40 0:41 / /tmp/bundle/root/proc rw - proc proc rw
        45 40 0:45 / /tmp/bundle/root/my\\040dir rw - tmpfs tmpfs rw
        46 27 0:46 / /tmp/bundle/rootfs rw - tmpfs tmpfs rw
        bad line
        """.utf8)

    @Test func parsesIDsAndUnescapedMountPoints() {
        let entries = MountTable.parse(Self.table)
        #expect(entries.map(\.id) == [22, 27, 40, 41, 45, 46])
        #expect(entries[4].mountPoint == "/tmp/bundle/root/my dir")
    }

    @Test func unescapesOnlyThreeOctalDigits() {
        #expect(MountTable.unescape(ArraySlice(Array("a\\134b\\011".utf8))) == "a\\b\t")
        #expect(MountTable.unescape(ArraySlice(Array("a\\9x\\04".utf8))) == "a\\9x\\04")
    }

    /// What was below the root before stays (the engine's overlay root itself); a sibling with the same prefix is
    /// not below it.
    @Test func addedIsWhatTheBaselineLacksBelowTheRoot() {
        let entries = MountTable.parse(Self.table)
        let mounts = HostMounts(root: "/tmp/bundle/root", baseline: [40])
        #expect(HostMounts.added(to: mounts, in: entries).map(\.id) == [41, 45])
        #expect(HostMounts.added(to: HostMounts(root: "/tmp/bundle/root", baseline: [40, 41, 45]), in: entries).isEmpty)
    }
}
