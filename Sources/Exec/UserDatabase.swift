/// A container's /etc/passwd and /etc/group, parsed, and how a `--user` value resolves against them
/// (as runc's `GetExecUser`, which `docker exec -u` uses). Pure: the files are read by `read(for:root:)`.
struct UserDatabase: Sendable, Equatable {
    /// A line `name:password:uid:gid:gecos:home:shell` of /etc/passwd.
    struct User: Sendable, Equatable {
        var name: String
        var uid: UInt32
        var gid: UInt32

        init(name: String, uid: UInt32, gid: UInt32) {
            self.name = name
            self.uid = uid
            self.gid = gid
        }
    }

    /// A line `name:password:gid:member,member` of /etc/group.
    struct Group: Sendable, Equatable {
        var name: String
        var gid: UInt32
        var members: [String]

        init(name: String, gid: UInt32, members: [String] = []) {
            self.name = name
            self.gid = gid
            self.members = members
        }
    }

    /// nil: the container has no /etc/passwd (or it was not needed, so not read).
    var users: [User]?
    /// nil: the container has no /etc/group (or it was not needed, so not read).
    var groups: [Group]?

    init(users: [User]? = nil, groups: [Group]? = nil) {
        self.users = users
        self.groups = groups
    }

    /// Parses the texts of /etc/passwd and /etc/group (nil for a missing file).
    init(passwd: String?, group: String?) {
        users = passwd.map(Self.users(inPasswd:))
        groups = group.map(Self.groups(inGroup:))
    }

    /// The users of an /etc/passwd text, in file order. Blank lines, comments and lines without a name or with
    /// a uid or gid that is not a valid id are skipped.
    static func users(inPasswd text: String) -> [User] {
        records(text).compactMap { fields in
            guard fields.count >= 4, !fields[0].isEmpty,
                  let uid = UserSpec.id(fields[2]), let gid = UserSpec.id(fields[3]) else { return nil }
            return User(name: String(decoding: fields[0], as: UTF8.self), uid: uid, gid: gid)
        }
    }

    /// The groups of an /etc/group text, in file order; lines skipped as for /etc/passwd.
    static func groups(inGroup text: String) -> [Group] {
        records(text).compactMap { fields in
            guard fields.count >= 3, !fields[0].isEmpty, let gid = UserSpec.id(fields[2]) else { return nil }
            let members = fields.count > 3 ? fields[3].split(separator: UInt8(ascii: ",")) : []
            return Group(
                name: String(decoding: fields[0], as: UTF8.self), gid: gid,
                members: members.map { String(decoding: $0, as: UTF8.self) }
            )
        }
    }

    /// The identity `spec` stands for. A user name takes its uid and primary gid from /etc/passwd and, without
    /// `:GROUP`, every group that lists it as a member as supplementary groups; a uid alone keeps
    /// `containerGID` and no supplementary groups; `:GROUP` sets the gid (a name through /etc/group).
    /// The first matching line wins.
    func resolve(_ spec: UserSpec, containerGID: UInt32) throws(EnterError) -> (uid: UInt32, gid: UInt32, groups: [UInt32]) {
        var uid: UInt32
        var gid = containerGID
        var supplementary: [UInt32] = []
        switch spec.user {
        case let .id(id):
            uid = id
        case let .name(name):
            guard let users else { throw .unknownUser(name, fileMissing: true) }
            guard let user = users.first(where: { Self.same($0.name, name) }) else { throw .unknownUser(name, fileMissing: false) }
            uid = user.uid
            gid = user.gid
            if spec.group == nil { supplementary = memberships(of: name) }
        }
        switch spec.group {
        case nil:
            break
        case let .id(id)?:
            gid = id
        case let .name(name)?:
            guard let groups else { throw .unknownGroup(name, fileMissing: true) }
            guard let group = groups.first(where: { Self.same($0.name, name) }) else { throw .unknownGroup(name, fileMissing: false) }
            gid = group.gid
        }
        return (uid, gid, supplementary)
    }

    /// The gids of the groups that list `name` as a member, in file order, each once.
    func memberships(of name: String) -> [UInt32] {
        var gids: [UInt32] = []
        for group in groups ?? [] where group.members.contains(where: { Self.same($0, name) }) {
            if !gids.contains(group.gid) { gids.append(group.gid) }
        }
        return gids
    }

    /// The `:`-separated fields of each line that is neither blank nor a comment, with spaces, tabs and a
    /// carriage return trimmed at both ends. Bytes, so that a name is never joined to a `:` or a newline.
    private static func records(_ text: String) -> [[ArraySlice<UInt8>]] {
        let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
        return Array(text.utf8).split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let first = line.firstIndex(where: { !blank.contains($0) }),
                  let last = line.lastIndex(where: { !blank.contains($0) }) else { return nil }
            let content = line[first...last]
            guard content.first != UInt8(ascii: "#") else { return nil }
            return content.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        }
    }

    /// Names compare byte for byte, as the C library does (no Unicode equivalence).
    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
