import DidYouMean
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The semantic rules: what a well-formed spec can still get wrong. Each diagnostic names its rule.
struct LintRules {
    let spec: ContainerSpec
    let origins: ElementOrigins
    var diagnostics: [Diagnostic] = []
    /// Only errors are kept (``Linter/lintForRun(path:read:)``); the rules that only warn, and fire for common specs
    /// (the capability warnings), do not even build their messages.
    var errorsOnly = false
    /// What the rules that look at the host's files read (``LintRules/command()``, loop images).
    var host = LintHost()

    /// File system types that need a block device (a loop device for an image file).
    static let blockFileSystems: Set<String> = [
        "ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "fat", "msdos", "exfat", "ntfs", "ntfs3", "f2fs", "jfs",
        "reiserfs", "iso9660", "udf", "squashfs", "erofs", "hfs", "hfsplus", "minix", "nilfs2", "ufs", "ocfs2", "gfs2",
    ]

    /// The kernel accepts at most this many lines in uid_map and gid_map (since Linux 4.15).
    static let maxMappingRanges = 340

    init(spec: ContainerSpec, origins: ElementOrigins) {
        self.spec = spec
        self.origins = origins
    }

    mutating func run() -> [Diagnostic] {
        uts()
        namespaces()
        userNamespace()
        mappings(spec.linux.uidMappings, origins.uidMappings, name: "linux.uidMappings")
        mappings(spec.linux.gidMappings, origins.gidMappings, name: "linux.gidMappings")
        usersMapped()
        mounts()
        process()
        paths()
        command()
        resources()
        security()
        network()
        if spec.linux.timeOffsets != nil, !spec.has(.time) {
            report(.timeoffsetsWithoutTimens, "/linux/timeOffsets", "`linux.timeOffsets` needs a time namespace: add `time` to `linux.namespaces`", atKey: true)
        }
        return diagnostics
    }

    /// A diagnostic at the value `pointer` names, or at its key when `atKey` (for rules about a whole section).
    mutating func report(_ rule: LintRuleID, _ pointer: String, _ message: String, atKey: Bool = false) {
        if errorsOnly && rule.severity != .error { return }
        let position = (atKey ? spec.source.positions[pointer + "#key"] : nil) ?? spec.source.position(of: pointer)
        diagnostics.append(Diagnostic(file: spec.source.file, position: position,
                                      severity: rule.severity, message: message, ruleID: rule.rawValue))
    }

    func line(of pointer: String) -> Int { spec.source.position(of: pointer).line }

    /// The last reference token of a pointer: the index of a list element as the file has it.
    static func lastToken(_ pointer: String) -> Substring {
        pointer.split(separator: "/").last ?? ""
    }

    /// Where to point for a value the file may not have written: the value, else the key of its nearest
    /// written ancestor (`user:` for a default `process.user.gid`).
    func writtenOrParentKey(_ pointer: String) -> String {
        var p = pointer
        while !p.isEmpty {
            if spec.source.positions[p] != nil { return p }
            p = String(p[..<(p.lastIndex(of: "/") ?? p.startIndex)])
        }
        return ""
    }

    /// Whether the file wrote this value (or an ancestor of it) in a way that could not be decoded.
    func failedToDecode(_ pointer: String) -> Bool {
        var p = pointer
        while !p.isEmpty {
            if origins.failed.contains(p) { return true }
            p = String(p[..<(p.lastIndex(of: "/") ?? p.startIndex)])
        }
        return false
    }

    /// How many items the list at `pointer` has in the file (decoded lists leave out items with errors).
    func itemsInFile(_ pointer: String) -> Int {
        var n = 0
        while spec.source.positions[pointer + "/" + String(n)] != nil { n += 1 }
        return n
    }

    /// The pointer of the first namespace of this kind (created or joined), if the spec has one.
    func namespacePointer(_ kind: NamespaceKind) -> String? {
        guard let i = spec.linux.namespaces.firstIndex(where: { $0.kind == kind }), i < origins.namespaces.count else { return nil }
        return origins.namespaces[i]
    }

    // MARK: uts

    mutating func uts() {
        for (key, value) in [("hostname", spec.hostname), ("domainname", spec.domainname)] {
            guard let value else { continue }
            if !spec.has(.uts) {
                report(.hostnameWithoutUTS, "/" + key, "`\(key)` is set but the container has no uts namespace: setting it would change the host's \(key); add `uts` to `linux.namespaces`")
            }
            if value.utf8.count > 64 {
                report(.hostnameTooLong, "/" + key, "`\(key)` is \(value.utf8.count) bytes long; the kernel allows at most 64")
            }
        }
    }

    // MARK: namespaces

    mutating func namespaces() {
        var first: [NamespaceKind: String] = [:]
        for (i, ns) in spec.linux.namespaces.enumerated() where i < origins.namespaces.count {
            let pointer = origins.namespaces[i]
            if let earlier = first[ns.kind] {
                report(.duplicateNamespace, pointer + "/type", "namespace `\(ns.kind.rawValue)` is listed twice (first at line \(line(of: earlier)))")
                continue
            }
            first[ns.kind] = pointer
            if let path = ns.path {
                var st = stat()
                if stat(path, &st) != 0 {
                    let reason = String(cString: strerror(errno))
                    report(.namespacePathMissing, pointer + "/path", "namespace path `\(path)` does not exist on this host (\(reason))")
                }
            }
        }
    }

    // MARK: user namespace and ID mappings

    mutating func userNamespace() {
        let userns = spec.linux.namespaces.first { $0.kind == .user }
        for (name, ranges) in [("uidMappings", spec.linux.uidMappings), ("gidMappings", spec.linux.gidMappings)] {
            if userns == nil, !ranges.isEmpty {
                report(.mappingWithoutUserns, "/linux/" + name, "`linux.\(name)` needs a user namespace: add `user` to `linux.namespaces`", atKey: true)
            }
            if let userns, userns.path == nil, spec.source.positions["/linux/" + name] == nil, let pointer = namespacePointer(.user) {
                let what = name == "uidMappings" ? "user" : "group"
                report(.usernsWithoutMapping, pointer, "the new user namespace has no `linux.\(name)`: every \(what) ID inside would be the overflow ID 65534 (nobody)")
            }
        }
    }

    mutating func mappings(_ ranges: [ContainerSpec.IDMapping], _ pointers: [String], name: String) {
        guard ranges.count == pointers.count else { return }
        if ranges.count > Self.maxMappingRanges {
            report(.mappingTooMany, pointers[Self.maxMappingRanges], "`\(name)` has \(ranges.count) ranges; the kernel accepts at most \(Self.maxMappingRanges)")
        }
        for (i, m) in ranges.enumerated() {
            let here = "\(name)[\(Self.lastToken(pointers[i]))]"
            if m.size == 0 {
                report(.mappingZeroSize, pointers[i] + "/size", "`\(here).size` is 0: a range maps at least one ID")
                continue
            }
            for (field, start) in [("containerID", m.containerID), ("hostID", m.hostID)] where UInt64(start) + UInt64(m.size) > UInt64(UInt32.max) {
                report(.mappingOutOfRange, pointers[i] + "/size", "`\(here)`: \(field) \(start) + size \(m.size) runs past ID 4294967294, the last one a range may map")
            }
            // Pairs only among the ranges the kernel could take (past them, mapping-too-many says it all), and one
            // report per range and side: the first earlier range it overlaps.
            guard i < Self.maxMappingRanges else { continue }
            if let j = (0..<i).first(where: { ranges[$0].size > 0 && m.containerIDs.overlaps(ranges[$0].containerIDs) }) {
                report(.mappingOverlap, pointers[i], "`\(here)` overlaps `\(name)[\(Self.lastToken(pointers[j]))]` inside the container (IDs \(ContainerSpec.IDMapping.span(m.containerIDs)) and \(ContainerSpec.IDMapping.span(ranges[j].containerIDs)))")
            }
            if let j = (0..<i).first(where: { ranges[$0].size > 0 && m.hostIDs.overlaps(ranges[$0].hostIDs) }) {
                report(.mappingOverlap, pointers[i], "`\(here)` overlaps `\(name)[\(Self.lastToken(pointers[j]))]` on the host (IDs \(ContainerSpec.IDMapping.span(m.hostIDs)) and \(ContainerSpec.IDMapping.span(ranges[j].hostIDs)))")
            }
        }
    }

    mutating func usersMapped() {
        guard let userns = spec.linux.namespaces.first(where: { $0.kind == .user }), userns.path == nil else { return }
        let user = spec.process.user
        let positions = spec.source.positions
        func given(_ pointer: String) -> String { positions[pointer] == nil ? " (the default)" : "" }
        // Only judge complete maps: a range with an error of its own is not in the decoded list.
        let uids = spec.linux.uidMappings
        let gids = spec.linux.gidMappings
        // More ranges than the kernel takes is mapping-too-many's finding; looking each ID up in them would cost
        // IDs times ranges.
        guard uids.count <= Self.maxMappingRanges, gids.count <= Self.maxMappingRanges else { return }
        if !uids.isEmpty, uids.count == itemsInFile("/linux/uidMappings"), !failedToDecode("/process/user/uid"), uids.hostID(of: user.uid) == nil {
            let at = writtenOrParentKey("/process/user/uid")
            report(.userNotMapped, at, "`process.user.uid` \(user.uid)\(given("/process/user/uid")) is not in any range of `linux.uidMappings`: the process could not switch to it inside the user namespace", atKey: at != "/process/user/uid")
        }
        guard !gids.isEmpty, gids.count == itemsInFile("/linux/gidMappings") else { return }
        if !failedToDecode("/process/user/gid"), gids.hostID(of: user.gid) == nil {
            let at = writtenOrParentKey("/process/user/gid")
            report(.userNotMapped, at, "`process.user.gid` \(user.gid)\(given("/process/user/gid")) is not in any range of `linux.gidMappings`: the process could not switch to it inside the user namespace", atKey: at != "/process/user/gid")
        }
        for (i, gid) in user.additionalGids.enumerated() where spec.linux.gidMappings.hostID(of: gid) == nil {
            report(.userNotMapped, "/process/user/additionalGids/\(i)", "`process.user.additionalGids[\(i)]` \(gid) is not in any range of `linux.gidMappings`")
        }
    }

    // MARK: mounts

    mutating func mounts() {
        if !spec.has(.mount) {
            if !spec.mounts.isEmpty {
                report(.mountsWithoutMountns, "/mounts", "`mounts` without a mount namespace would change the host's mount table: add `mount` to `linux.namespaces`", atKey: true)
            }
            if spec.root != nil {
                report(.mountsWithoutMountns, "/root", "`root` without a mount namespace would change the host's root: add `mount` to `linux.namespaces`", atKey: true)
            }
        }
        var destinations: [String: String] = [:]
        var procOnProc = false
        for (i, m) in spec.mounts.enumerated() where i < origins.mounts.count {
            let pointer = origins.mounts[i]
            let dest = m.destination
            if !m.isBind, !m.isLoop, (m.type ?? "").isEmpty, !failedToDecode(pointer + "/type") {
                report(.mountTypeMissing, pointer, "mount \(dest): no `type` and no \"bind\" option: give the file system type (tmpfs, proc, ext4, …), or add \"bind\" to mount a host path")
            }
            if Self.unexpanded(dest) != nil {
                // path-not-expanded says it.
            } else if !dest.hasPrefix("/") {
                report(.mountDestinationRelative, pointer + "/destination", "mount destination `\(dest)` must be an absolute path inside the container")
            } else if PathText.hasDotDot(dest) {
                report(.mountDestinationDotdot, pointer + "/destination", "mount destination `\(dest)` must not contain `..`")
            }
            let normalized = dest.hasPrefix("/") ? PathText.normalize(dest) : dest
            if let earlier = destinations[normalized] {
                report(.duplicateMountDestination, pointer + "/destination", "mount \(dest): \(normalized) is already a mount destination (line \(line(of: earlier))); this mount hides that one")
            } else {
                destinations[normalized] = pointer
            }
            if m.type == "proc" {
                if normalized == "/proc" { procOnProc = true }
                if !spec.has(.pid) {
                    report(.procWithoutPidns, pointer + "/type", "mount \(dest): a proc mount without a pid namespace shows the host's processes; add `pid` to `linux.namespaces`")
                }
            }
            options(m, index: i, pointer: pointer)
            sources(m, pointer: pointer)
        }
        if !procOnProc, let pid = spec.linux.namespaces.first(where: { $0.kind == .pid }), pid.path == nil, let pointer = namespacePointer(.pid) {
            report(.pidnsWithoutProc, pointer, "the pid namespace has no proc mount on /proc, so ps and /proc show the host's processes: add a mount of type proc on /proc (with a mount namespace)")
        }
    }

    mutating func options(_ m: ContainerSpec.Mount, index: Int, pointer: String) {
        let pointers = index < origins.mountOptions.count ? origins.mountOptions[index] : []
        for (j, word) in m.options.enumerated() where MountOption.parse(word) == nil {
            let at = j < pointers.count ? pointers[j] : pointer + "/options"
            var message = "mount \(m.destination): unknown option `\(word)`"
            if let near = Self.optionAliases[word] ?? Suggestion.nearest(to: word, in: Self.optionWords) {
                message += "; did you mean `\(near)`?"
            }
            report(.unknownMountOption, at, message)
        }
    }

    static let optionWords = MountOption.table.keys.sorted()

    /// Words people write for a known option that edit distance would not find.
    static let optionAliases = ["readonly": "ro", "read-only": "ro", "readwrite": "rw", "read-write": "rw", "recursive": "rbind"]

    mutating func sources(_ m: ContainerSpec.Mount, pointer: String) {
        let source = m.source ?? ""
        let kind = m.resolvedSource.flatMap(FileKind.at)
        if m.isLoop {
            if source.isEmpty {
                report(.loopSourceNotFile, pointer, "mount \(m.destination): the loop option needs a `source` naming a file system image")
            } else if let kind, kind != .regular {
                report(.loopSourceNotFile, pointer + "/source", "mount \(m.destination): the loop option needs a regular file holding a file system image; \(source) is \(kind.described)")
            } else if let path = m.resolvedSource, Self.unexpanded(source) == nil {
                loopImage(m, path: path, kind: kind, pointer: pointer)
            }
        } else if let type = m.type, Self.blockFileSystems.contains(type), !source.isEmpty {
            let path = source.hasPrefix("/") ? source : PathText.resolve(source, against: spec.source.baseDirectory)
            if FileKind.at(path) == .regular {
                report(.blockFSNeedsLoop, pointer + "/source", "mount \(m.destination): \(type) needs a block device; \(source) is a regular file: add the \"loop\" option")
            }
        }
    }

    // MARK: process

    mutating func process() {
        let p = spec.process
        let positions = spec.source.positions
        if positions["/process/args"] != nil, positions["/process/args/0"] == nil, !failedToDecode("/process/args") {
            report(.argsEmpty, "/process/args", "`process.args` is empty: give at least the program to run")
        } else if p.args.first == "" {
            report(.argsEmpty, "/process/args/0", "`process.args[0]` is empty: it names the program to run")
        }
        if !p.cwd.hasPrefix("/"), Self.unexpanded(p.cwd) == nil {
            report(.cwdRelative, "/process/cwd", "`process.cwd` `\(p.cwd)` must be an absolute path inside the container")
        }
        for (i, entry) in p.env.enumerated() where i < origins.env.count {
            let eq = entry.firstIndex(of: "=")
            if eq == nil || eq == entry.startIndex {
                report(.envMalformed, origins.env[i], "`process.env[\(Self.lastToken(origins.env[i]))]` `\(entry)` is not NAME=value")
            }
        }
    }
}
