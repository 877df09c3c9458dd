import Testing
@testable import Mounts

/// linux.mountLabel as mount data: runc's rule of which file systems take a context.
@Suite struct MountLabelTests {
    static let label = "system_u:object_r:container_file_t:s0:c1,c2"

    @Test(arguments: ["tmpfs", "devpts", "ext4"])
    func fileSystemsGetTheContextAfterTheirData(type: String) {
        #expect(MountLabel.data("size=64k,mode=755", type: type, label: Self.label) == "size=64k,mode=755,context=\"\(Self.label)\"")
        #expect(MountLabel.data(nil, type: type, label: Self.label) == "context=\"\(Self.label)\"")
    }

    @Test(arguments: ["proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind"])
    func theKernelsOwnFileSystemsKeepTheirData(type: String) {
        #expect(MountLabel.data("x=1", type: type, label: Self.label) == "x=1")
        #expect(MountLabel.data(nil, type: type, label: Self.label) == nil)
    }
}
