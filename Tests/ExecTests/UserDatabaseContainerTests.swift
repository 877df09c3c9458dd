import TestSupport
@testable import ContainerStore
@testable import Exec
@testable import LinuxSystem
import Foundation
import Glibc
import Testing

/// Reading a container's /etc/passwd and /etc/group inside its root, on a plain folder standing for the root.
@Suite struct UserDatabaseFileTests {
    let base = MountTestSupport.makeTemporaryDirectory()
    var root: String { base + "/root" }
    let fm = FileManager.default

    init() throws {
        try fm.createDirectory(atPath: base + "/root/etc", withIntermediateDirectories: true)
    }

    func read(_ user: String) throws -> UserDatabase {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(rootFD >= 0)
        return try UserDatabase.read(for: UserSpec(parsing: user), root: FileDescriptor(owning: rootFD))
    }

    @Test func readsOnlyWhatTheValueNeedsAndAMissingFileIsNil() throws {
        defer { MountTestSupport.remove(base) }
        try "app:x:1000:1000::/:/bin/sh\n".write(toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        #expect(try read("1000:8") == UserDatabase())
        #expect(try read("app:8") == UserDatabase(users: [.init(name: "app", uid: 1000, gid: 1000)]))
        #expect(try read("app") == UserDatabase(users: [.init(name: "app", uid: 1000, gid: 1000)], groups: nil))
        #expect(try read("0:staff") == UserDatabase())
    }

    @Test func anAbsoluteSymlinkResolvesInsideTheRootNeverOnTheHost() throws {
        defer { MountTestSupport.remove(base) }
        let hostFile = base + "/host-passwd"
        try "bob:x:4242:4242::/:/bin/sh\n".write(toFile: hostFile, atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/etc/passwd", withDestinationPath: hostFile)
        // The host's file is there, but inside the root the link leads nowhere: no /etc/passwd.
        #expect(try read("bob") == UserDatabase(users: nil, groups: nil))
        try fm.createDirectory(atPath: root + base, withIntermediateDirectories: true)
        try "bob:x:4343:4343::/:/bin/sh\n".write(toFile: root + hostFile, atomically: false, encoding: .utf8)
        #expect(try read("bob:0").users == [.init(name: "bob", uid: 4343, gid: 4343)])
    }

    @Test func dotDotStopsAtTheRoot() throws {
        defer { MountTestSupport.remove(base) }
        try "staff:x:50:app\n".write(toFile: base + "/group", atomically: false, encoding: .utf8)
        try "inside:x:60:app\n".write(toFile: root + "/group", atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/etc/group", withDestinationPath: "../../../../../group")
        #expect(try read("0:inside").groups == [.init(name: "inside", gid: 60, members: ["app"])])
    }

    @Test func aFIFOOrADirectoryIsRefusedWithoutWaiting() throws {
        defer { MountTestSupport.remove(base) }
        #expect(mkfifo(root + "/etc/passwd", 0o644) == 0)
        #expect(throws: EnterError.system(what: "read the container's /etc/passwd", SystemError(hint: "it is not a regular file"))) {
            _ = try read("app:0")
        }
        try fm.createDirectory(atPath: root + "/etc/group", withIntermediateDirectories: true)
        #expect(throws: EnterError.system(what: "read the container's /etc/group", SystemError(hint: "it is not a regular file"))) {
            _ = try read("0:staff")
        }
    }

    @Test func aFileOverOneMebibyteIsRefused() throws {
        defer { MountTestSupport.remove(base) }
        let line = "app:x:1000:1000::/:/bin/sh\n"
        let big = String(repeating: line, count: (1 << 20) / line.utf8.count + 1)
        try big.write(toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        #expect(throws: EnterError.system(what: "read the container's /etc/passwd", SystemError(hint: "it is larger than 1 MiB"))) {
            _ = try read("app:0")
        }
        let fits = String(repeating: line, count: (1 << 20) / line.utf8.count)
        try fits.write(toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        #expect(try read("app:0").users?.count == (1 << 20) / line.utf8.count)
    }
}
