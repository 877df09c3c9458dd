import TestSupport
@testable import ContainerStore
@testable import Exec
@testable import LinuxSystem
import Glibc
import Testing

/// `exec --user USER[:GROUP]`: parsing the value, parsing /etc/passwd and /etc/group, and resolving names as runc does.
@Suite struct UserDatabaseTests {
    static let passwd = """
        root:x:0:0:root:/root:/bin/sh
        # a comment, then a blank line and malformed lines: all skipped

        nouid:x::100:::
        short:x:5
        :x:6:6::/:/bin/sh
        negative:x:-1:0::/:/bin/sh
        minusone:x:4294967295:0::/:/bin/sh
        app:x:1000:1000:App:/home/app:/bin/sh
        www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\r
          padded:x:2000:2001::/:/bin/sh  \t
        app:x:9999:9999:a second app: the first wins:/:/bin/sh
        """
    static let group = """
        root:x:0:
        # comment
        badgid:x:x:app
        staff:x:50:app,other
        app:x:1000:
        extra:x:60:other,app
        again:x:50:app
        www-data:x:33:
        nobody-listed:x:70
        """
    static let database = UserDatabase(passwd: passwd, group: group)

    func resolve(_ user: String, containerGID: UInt32 = 7, in database: UserDatabase = database) throws(EnterError) -> [UInt32] {
        let identity = try database.resolve(UserSpec(parsing: user), containerGID: containerGID)
        return [identity.uid, identity.gid] + identity.groups
    }

    @Test func passwdLinesThatAreBlankCommentsOrMalformedAreSkipped() {
        #expect(Self.database.users == [
            .init(name: "root", uid: 0, gid: 0), .init(name: "app", uid: 1000, gid: 1000),
            .init(name: "www-data", uid: 33, gid: 33), .init(name: "padded", uid: 2000, gid: 2001),
            .init(name: "app", uid: 9999, gid: 9999),
        ])
    }

    @Test func groupLinesListTheirMembers() {
        #expect(Self.database.groups == [
            .init(name: "root", gid: 0), .init(name: "staff", gid: 50, members: ["app", "other"]),
            .init(name: "app", gid: 1000), .init(name: "extra", gid: 60, members: ["other", "app"]),
            .init(name: "again", gid: 50, members: ["app"]), .init(name: "www-data", gid: 33),
            .init(name: "nobody-listed", gid: 70),
        ])
    }

    @Test func aNameTakesItsIDsAndTheGroupsThatListIt() throws {
        #expect(try resolve("app") == [1000, 1000, 50, 60])  // 50 once though two groups have it
        #expect(try resolve("root") == [0, 0])
        #expect(try resolve("www-data") == [33, 33])
        #expect(try resolve("padded") == [2000, 2001])
    }

    @Test func numbersNeedNoFilesAndAUIDAloneKeepsTheContainersGID() throws {
        let none = UserDatabase()
        #expect(try resolve("1000", in: none) == [1000, 7])
        #expect(try resolve("1000:8", in: none) == [1000, 8])
        #expect(try resolve("0:0", in: none) == [0, 0])
        // A uid in /etc/passwd is still only a number, as before names were understood.
        #expect(try resolve("1000") == [1000, 7])
    }

    @Test func namesAndNumbersMix() throws {
        #expect(try resolve("app:staff") == [1000, 50])  // an explicit group: no supplementary groups (runc)
        #expect(try resolve("app:70") == [1000, 70])
        #expect(try resolve("1000:staff") == [1000, 50])
        #expect(try resolve("5:www-data") == [5, 33])
        #expect(try resolve("app:again") == [1000, 50])
    }

    @Test func unknownNamesAreErrorsNamingTheFile() {
        #expect(throws: EnterError.unknownUser("bob", fileMissing: false)) { try resolve("bob") }
        #expect(throws: EnterError.unknownUser("nouid", fileMissing: false)) { try resolve("nouid") }
        #expect(throws: EnterError.unknownUser("bob", fileMissing: false)) { try resolve("bob:staff") }
        #expect(throws: EnterError.unknownGroup("nogroup", fileMissing: false)) { try resolve("app:nogroup") }
        #expect(throws: EnterError.unknownGroup("badgid", fileMissing: false)) { try resolve("0:badgid") }
        #expect(EnterError.unknownUser("bob", fileMissing: false).description == "no user \"bob\" in the container's /etc/passwd")
        #expect(EnterError.unknownGroup("g", fileMissing: false).description == "no group \"g\" in the container's /etc/group")
        #expect(EnterError.unknownUser("bob", fileMissing: false).exitStatus == 1)
    }

    @Test func missingFilesFailNamesOnly() throws {
        let noPasswd = UserDatabase(passwd: nil, group: Self.group)
        #expect(throws: EnterError.unknownUser("app", fileMissing: true)) { try resolve("app", in: noPasswd) }
        #expect(try resolve("1000:staff", in: noPasswd) == [1000, 50])
        let noGroup = UserDatabase(passwd: Self.passwd, group: nil)
        #expect(try resolve("app", in: noGroup) == [1000, 1000])
        #expect(throws: EnterError.unknownGroup("staff", fileMissing: true)) { try resolve("app:staff", in: noGroup) }
        #expect(EnterError.unknownUser("app", fileMissing: true).description == "no user \"app\": the container has no /etc/passwd")
        #expect(EnterError.unknownGroup("g", fileMissing: true).description == "no group \"g\": the container has no /etc/group")
    }

    @Test func valuesAreNamesOrNumbers() throws {
        #expect(try UserSpec(parsing: "root") == UserSpec(user: .name("root")))
        #expect(try UserSpec(parsing: "007:staff") == UserSpec(user: .id(7), group: .name("staff")))
        #expect(try UserSpec(parsing: "-1:+2") == UserSpec(user: .name("-1"), group: .name("+2")))
        #expect(try UserSpec(parsing: "a:b:c") == UserSpec(user: .name("a"), group: .name("b:c")))
        #expect(try UserSpec(parsing: "4294967294") == UserSpec(user: .id(4_294_967_294)))
    }

    @Test(arguments: ["", ":", "7:", ":8"])
    func emptySidesAreRefused(user: String) {
        #expect(throws: EnterError.badOption("--user takes USER[:GROUP], each a name or a number, not \"\(user)\"")) {
            _ = try UserSpec(parsing: user)
        }
    }

    @Test func numbersOutOfRangeAreRefused() {
        // 4294967295 is (uid_t)-1: setresuid would leave the uid unchanged, root.
        #expect(throws: EnterError.badOption("--user: uid 4294967295 is out of range (0 to 4294967294)")) {
            _ = try UserSpec(parsing: "4294967295")
        }
        #expect(throws: EnterError.badOption("--user: gid 99999999999 is out of range (0 to 4294967294)")) {
            _ = try UserSpec(parsing: "1:99999999999")
        }
    }

    @Test func onlyTheFilesANameNeedsAreRead() throws {
        func reads(_ user: String) throws -> [Bool] {
            let spec = try UserSpec(parsing: user)
            return [spec.readsPasswd, spec.readsGroup]
        }
        #expect(try reads("1000") == [false, false])
        #expect(try reads("1000:8") == [false, false])
        #expect(try reads("1000:staff") == [false, true])
        #expect(try reads("app") == [true, true])
        #expect(try reads("app:8") == [true, false])
        #expect(try reads("app:staff") == [true, true])
    }

    @Test func requestsResolveThroughTheDatabase() throws {
        let request = ExecRequest(arguments: ["id"], user: "app")
        #expect(try request.identity(containerUID: 1, containerGID: 2, containerGroups: [3], database: Self.database) == (1000, 1000, [50, 60]))
        #expect(throws: EnterError.unknownUser("app", fileMissing: true)) {
            _ = try request.identity(containerUID: 1, containerGID: 2, containerGroups: [3])
        }
    }
}
