import Foundation
import Glibc
import Testing

/// `mydocker exec --user NAME[:GROUP]`: names resolve in the container's /etc/passwd and /etc/group, never the host's.
@Suite(.serialized) struct ExecUserIntegrationTests {
    static let passwd = """
        root:x:0:0:root:/:/bin/sh
        app:x:1000:1000:App:/:/bin/sh
        www-data:x:33:33:www-data:/:/bin/sh

        """
    static let group = """
        root:x:0:
        staff:x:50:app
        app:x:1000:
        extra:x:60:other,app
        www-data:x:33:

        """

    /// A running container whose /etc/passwd and /etc/group are ``passwd`` and ``group``.
    static func boxWithUsers() throws -> RecordedBox {
        try RecordedBox { rootfs in
            try passwd.write(toFile: rootfs + "/etc/passwd", atomically: false, encoding: .utf8)
            try group.write(toFile: rootfs + "/etc/group", atomically: false, encoding: .utf8)
        }
    }

    /// uid, gid and their names as busybox's `id` finds them in the container's files, then `id -G`: the gid
    /// followed by the supplementary groups.
    static let idScript = "id -u; id -g; id -un; id -gn; id -G"

    @Test(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox: starts a container with unshare and enters it"))
    func namesResolveInTheContainersFiles() throws {
        let box = try Self.boxWithUsers()
        defer { box.stop() }
        let app = try box.exec(["--user", "app", "box", "--", "sh", "-c", Self.idScript])
        #expect(app.stdout == "1000\n1000\napp\napp\n1000 50 60\n")
        #expect(app.stderr == "")
        #expect(app.status == 0)
        let withGroup = try box.exec(["-u", "app:staff", "box", "--", "sh", "-c", Self.idScript])
        #expect(withGroup.stdout == "1000\n50\napp\nstaff\n50\n")
        let numberAndName = try box.exec(["--user", "1000:extra", "box", "--", "sh", "-c", Self.idScript])
        #expect(numberAndName.stdout == "1000\n60\napp\nextra\n60\n")
        let nameAndNumber = try box.exec(["--user", "www-data:1000", "box", "--", "sh", "-c", Self.idScript])
        #expect(nameAndNumber.stdout == "33\n1000\nwww-data\napp\n1000\n")
        let root = try box.exec(["--user", "root", "box", "--", "sh", "-c", Self.idScript])
        #expect(root.stdout == "0\n0\nroot\nroot\n0\n")
        // A UID alone still keeps the container process's gid (0 here), as before names were understood.
        let uidOnly = try box.exec(["--user", "1000", "box", "--", "sh", "-c", "id -u; id -g"])
        #expect(uidOnly.stdout == "1000\n0\n")
    }

    @Test(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox: starts a container with unshare and enters it"))
    func unknownNamesFailWithExitStatusOne() throws {
        let box = try Self.boxWithUsers()
        defer { box.stop() }
        let user = try box.exec(["--user", "bob", "box", "--", "true"])
        #expect(user.status == 1)
        #expect(user.stdout == "")
        #expect(user.stderr == "mydocker exec: no user \"bob\" in the container's /etc/passwd\n")
        let group = try box.exec(["--user", "app:nogroup", "box", "--", "true"])
        #expect(group.status == 1)
        #expect(group.stderr == "mydocker exec: no group \"nogroup\" in the container's /etc/group\n")
        let range = try box.exec(["--user", "4294967295", "box", "--", "true"])
        #expect(range.status == 1)
        #expect(range.stderr == "mydocker exec: --user: uid 4294967295 is out of range (0 to 4294967294)\n")
    }

    @Test(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox: starts a container with unshare and enters it"))
    func aSymlinkToAHostPathIsFollowedInsideTheContainer() throws {
        // /etc/passwd of the container is a symlink to an absolute path that exists on the host, with a user "bob".
        let host = try Scratch()
        let hostPasswd = try host.write("passwd", "bob:x:4242:4242::/:/bin/sh\n")
        let box = try RecordedBox { rootfs in
            try FileManager.default.removeItem(atPath: rootfs + "/etc/passwd")
            try FileManager.default.createSymbolicLink(atPath: rootfs + "/etc/passwd", withDestinationPath: hostPasswd)
        }
        defer { box.stop() }
        let missing = try box.exec(["--user", "bob", "box", "--", "id", "-u"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "mydocker exec: no user \"bob\": the container has no /etc/passwd\n")
        // Numbers need no /etc/passwd.
        let number = try box.exec(["--user", "4242", "box", "--", "id", "-u"])
        #expect(number.stdout == "4242\n")
        // The same path inside the container's root is the one read.
        try FileManager.default.createDirectory(atPath: box.rootfs + host.path, withIntermediateDirectories: true)
        try "bob:x:4343:4343::/:/bin/sh\n".write(toFile: box.rootfs + hostPasswd, atomically: false, encoding: .utf8)
        let inside = try box.exec(["--user", "bob", "box", "--", "sh", "-c", "id -u; id -g"])
        #expect(inside.stdout == "4343\n4343\n")
        #expect(inside.status == 0)
    }
}

private extension RecordedBox {
    /// `mydocker exec --root ROOT ARGUMENTS`.
    func exec(_ arguments: [String]) throws -> ProcessOutput {
        try StateCLI.run(["exec", "--root", root] + arguments)
    }
}
