import TestSupport
@testable import LinuxSystem
@testable import Mounts
import Foundation
import Glibc
import Testing

/// The in-root resolution of mount points, on plain folders: nothing is mounted.
@Suite struct MountPointTests {
    let root = MountTestSupport.makeTemporaryDirectory()
    let fm = FileManager.default

    /// Opens the root as the Mounter does (O_PATH) and resolves `path` in it.
    func resolve(_ path: String, as kind: MountPoint.Kind = .directory) throws(SystemError) -> String? {
        let rootFD = open(root, MountSyscall.pathOnly | O_DIRECTORY | O_CLOEXEC)
        #expect(rootFD >= 0)
        defer { close(rootFD) }
        let fd = try MountPoint.openOrCreate(in: rootFD, path, as: kind)
        defer { close(fd) }
        return MountPoint.path(of: fd)
    }

    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fm.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    @Test func existingDirectoryResolvesInsideTheRoot() throws {
        defer { MountTestSupport.remove(root) }
        try fm.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        #expect(try resolve("/proc") == root + "/proc")
        #expect(try resolve("/") == root)
        #expect(try resolve("//proc/./") == root + "/proc")
    }

    @Test func missingDirectoriesAreCreatedInsideTheRoot() throws {
        defer { MountTestSupport.remove(root) }
        #expect(try resolve("/a/b/c") == root + "/a/b/c")
        #expect(isDirectory(root + "/a/b/c"))
    }

    @Test func missingFileMountPointIsAnEmptyFile() throws {
        defer { MountTestSupport.remove(root) }
        #expect(try resolve("/etc/resolv.conf", as: .file) == root + "/etc/resolv.conf")
        #expect(isDirectory(root + "/etc"))
        let attributes = try fm.attributesOfItem(atPath: root + "/etc/resolv.conf")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.size] as? Int == 0)
    }

    @Test func absoluteSymlinkStaysInsideTheRoot() throws {
        defer { MountTestSupport.remove(root) }
        // data -> /etc: the rootfs's own /etc, never the host's.
        try fm.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: "/etc")
        let name = "mydocker-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try resolve("/data/\(name)") == root + "/etc/\(name)")
        #expect(!fm.fileExists(atPath: "/etc/\(name)"))
        #expect(isDirectory(root + "/etc/\(name)"))
    }

    @Test func absoluteSymlinkToAHostPathMissingInTheRootIsRefused() throws {
        defer { MountTestSupport.remove(root) }
        // data -> /etc while the rootfs has no /etc: refused, and nothing made on the host.
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: "/etc")
        let name = "mydocker-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            _ = try resolve("/data/\(name)")
            Issue.record("a mount point under a symlink to a missing path should be refused")
        } catch {
            #expect(error.errno == ENOENT)
            #expect(error.hint == "/data is a symlink to a path that does not exist in the root")
        }
        #expect(!fm.fileExists(atPath: "/etc/\(name)"))
        #expect(!fm.fileExists(atPath: root + "/etc"))
    }

    @Test func symlinkToItselfIsALoop() throws {
        defer { MountTestSupport.remove(root) }
        // etc -> /etc inside a root is etc -> etc.
        try fm.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "/etc")
        do {
            _ = try resolve("/etc/passwd", as: .file)
            Issue.record("a symlink loop should be refused")
        } catch {
            #expect(error.errno == ELOOP)
        }
    }

    @Test func relativeSymlinkAndDotDotStayInsideTheRoot() throws {
        defer { MountTestSupport.remove(root) }
        try fm.createDirectory(atPath: root + "/deep/er", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/deep/er/up", withDestinationPath: "../../../../../../tmp")
        let name = "mydocker-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try resolve("/deep/er/up/\(name)") == root + "/tmp/\(name)")
        #expect(!fm.fileExists(atPath: "/tmp/\(name)"))
        #expect(try resolve("/../../../\(name)-2") == root + "/\(name)-2")
    }

    @Test func symlinkToSomethingMissingIsRefused() throws {
        defer { MountTestSupport.remove(root) }
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: "/nowhere/data")
        #expect(throws: SystemError.self) { try resolve("/data") }
        do {
            _ = try resolve("/data")
        } catch {
            #expect(error.errno == ENOENT)
            #expect(error.hint == "/data is a symlink to a path that does not exist in the root")
        }
        #expect(!fm.fileExists(atPath: "/nowhere"))
    }

    @Test func fileInTheWayOfADirectoryIsReported() throws {
        defer { MountTestSupport.remove(root) }
        #expect(fm.createFile(atPath: root + "/file", contents: Data()))
        do {
            _ = try resolve("/file/sub")
            Issue.record("resolving under a file should fail")
        } catch {
            #expect(error.errno == ENOTDIR)
        }
    }

    @Test func componentsDropEmptyAndDot() {
        defer { MountTestSupport.remove(root) }
        #expect(MountPoint.components("//a/./b/../c/") == ["a", "b", "..", "c"])
        #expect(MountPoint.components("/").isEmpty)
    }
}
