import Glibc
import LinuxSystem

/// One write to a cgroup v1 devices controller: `line` to `file` (devices.allow or devices.deny), in one write(2).
public struct DeviceWrite: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: String

    public init(_ file: String, _ line: String) {
        self.file = file
        self.line = line
    }

    public static let allowFile = "devices.allow"
    public static let denyFile = "devices.deny"

    /// `devices.allow: c 1:3 rwm`.
    public var description: String { "\(file): \(line)" }
}

extension DeviceRules {
    /// The writes that give a cgroup v1 devices controller `rules`: `a` to devices.deny first (deny everything and
    /// forget the exceptions), then each rule to devices.allow or devices.deny in order. A rule of type `a` that is
    /// not `a *:* rwm` becomes a `c` and a `b` line, since the kernel reads any `a` line as "everything".
    ///
    /// v1 does not read a list the way ``allows(_:_:_:_:_:)`` does: a deny only takes access away from an earlier
    /// allow of exactly the same type, major and minor, and open(2) needs one allow that covers all it asks. So the
    /// writes are played on a model of the kernel's list and compared with the rules for every kind of device they
    /// tell apart; a list v1 would enforce differently (`allow c 1:* rwm` then `deny c 1:3 w`) is refused.
    public static func v1Writes(_ rules: [DeviceRule]) throws(CgroupError) -> [DeviceWrite] {
        try validate(rules)
        var writes = [DeviceWrite(DeviceWrite.denyFile, "a")]
        for rule in rules {
            let file = rule.allow ? DeviceWrite.allowFile : DeviceWrite.denyFile
            if rule.isWildcard && rule.access == .all {
                writes.append(DeviceWrite(file, "a"))
            } else if rule.type == .all {
                for type in DeviceType.concrete {
                    var split = rule
                    split.type = type
                    writes.append(DeviceWrite(file, split.line))
                }
            } else {
                writes.append(DeviceWrite(file, rule.line))
            }
        }
        if let difference = V1DeviceList(playing: writes).firstDifference(from: rules) {
            throw CgroupError(
                what: "device rules on cgroup v1",
                hint: "\(difference): a v1 deny only narrows an earlier allow of the very same type and numbers, and open needs one allow that covers all it asks")
        }
        return writes
    }

    /// Gives the cgroup v1 directory open at `cgroup` (a devices controller's) `rules`: ``v1Writes(_:)``, each line
    /// in one write(2) to devices.allow or devices.deny. `path` only names the cgroup in errors.
    public static func applyV1(_ rules: [DeviceRule], to cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) {
        let writes = try v1Writes(rules)
        let allow = try openV1File(DeviceWrite.allowFile, in: cgroup, path: path)
        let deny = try openV1File(DeviceWrite.denyFile, in: cgroup, path: path)
        for write in writes {
            let fd = write.file == DeviceWrite.allowFile ? allow.rawValue : deny.rawValue
            let bytes = Array(write.line.utf8)
            let n = bytes.withUnsafeBytes { buffer in retryingOnInterrupt { Glibc.write(fd, buffer.baseAddress, buffer.count) } }
            guard n.result == bytes.count else {
                throw CgroupError(
                    what: "write `\(write.line)` to \(write.file) of \(path)", call: "write \(write.file)", errno: n.result < 0 ? n.errno : EIO)
            }
        }
    }

    private static func openV1File(_ name: String, in cgroup: borrowing FileDescriptor, path: String) throws(CgroupError) -> FileDescriptor {
        do {
            return try cgroup.open(name, O_WRONLY)
        } catch {
            throw CgroupError(
                what: "open \(name) of \(path)", cause: error.with(hint: error.errno == ENOENT ? "\(path) is not in a devices controller's hierarchy" : nil))
        }
    }
}

extension SystemError {
    /// The same error with `hint`, when there is one.
    fileprivate func with(hint: String?) -> SystemError {
        var copy = self
        if let hint { copy.hint = hint }
        return copy
    }
}

/// The kernel's cgroup v1 device list (security/device_cgroup.c), to check writes against: a default (`a` to
/// devices.allow or devices.deny sets it and forgets the exceptions) and exceptions keyed by exact type, major
/// and minor. In deny-by-default mode an allow adds access to its key and a deny takes access from its key only;
/// a request is allowed when one exception matches the device and covers all it asks. In allow-by-default mode the
/// roles swap, and a request is refused when any exception matches the device and any of what it asks.
struct V1DeviceList {
    private struct Key: Hashable {
        var type: DeviceType
        var major: Int64?
        var minor: Int64?
    }

    private var defaultAllow = true
    private var exceptions: [Key: DeviceAccess] = [:]

    init(playing writes: [DeviceWrite]) {
        for write in writes { play(write) }
    }

    private mutating func play(_ write: DeviceWrite) {
        let allow = write.file == DeviceWrite.allowFile
        let words = write.line.split(separator: " ")
        guard words[0] != "a" else {
            defaultAllow = allow
            exceptions = [:]
            return
        }
        let numbers = words[1].split(separator: ":", omittingEmptySubsequences: false)
        let key = Key(type: DeviceType(rawValue: words[0].first!)!, major: Int64(numbers[0]), minor: Int64(numbers[1]))
        let access = DeviceAccess(String(words[2]))!
        if allow != defaultAllow {
            exceptions[key, default: []].formUnion(access)
        } else if let remaining = exceptions[key]?.subtracting(access) {
            exceptions[key] = remaining.isEmpty ? nil : remaining
        }
    }

    func allows(_ type: DeviceType, _ major: Int64, _ minor: Int64, _ access: DeviceAccess) -> Bool {
        // One pass over the exceptions that match, no filtered copy: asked a few hundred times per check.
        for (key, granted) in exceptions where key.type == type && (key.major ?? major) == major && (key.minor ?? minor) == minor {
            if defaultAllow {
                if !granted.isDisjoint(with: access) { return false }
            } else if granted.isSuperset(of: access) {
                return true
            }
        }
        return defaultAllow
    }

    /// The first device and access (in the order the kernel asks) on which this list and `rules` disagree, in
    /// words; nil when they agree on all. Devices that no rule tells apart are decided alike, so it is enough to try
    /// each type with each major and minor the rules name and one they do not.
    func firstDifference(from rules: [DeviceRule]) -> String? {
        func candidates(_ numbers: [Int64]) -> [Int64] {
            let named = Set(numbers)
            return named.sorted() + [(named.max() ?? 0) + 1]
        }
        let majors = candidates(rules.compactMap(\.major))
        let minors = candidates(rules.compactMap(\.minor))
        for type in DeviceType.concrete {
            for major in majors {
                for minor in minors {
                    for access in DeviceAccess.requests {
                        let wanted = DeviceRules.allows(rules, type, major, minor, access)
                        if allows(type, major, minor, access) != wanted {
                            let device = "\(type.rawValue) \(major):\(minor)"
                            return "the rules \(wanted ? "allow" : "deny") \(access) of \(device), cgroup v1 would \(wanted ? "deny" : "allow") it"
                        }
                    }
                }
            }
        }
        return nil
    }
}
