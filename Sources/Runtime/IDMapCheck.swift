import Spec

/// Why the kernel would refuse a uid_map or gid_map, line by line, so that a rejected map is reported with the
/// line at fault (the kernel only says EINVAL or EPERM for the whole write). The rules are the kernel's
/// (kernel/user_namespace.c, map_write): at most 340 lines, no empty or wrapping range, no range overlapping
/// another on either side, and host ids mapped in the writer's own user namespace.
public enum IDMapCheck {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line of the map.
        public var line: Int
        public var why: String
        public var description: String { "line \(line): \(why)" }
    }

    /// The kernel's limit on lines in a map.
    public static let maxLines = 340

    /// The first problem of `mappings`, or nil. `parent` is the writer's own map (/proc/self/uid_map);
    /// nil skips that rule.
    public static func problem(_ mappings: [ContainerSpec.IDMapping], parent: [ContainerSpec.IDMapping]? = nil) -> Problem? {
        if mappings.count > maxLines {
            return Problem(line: maxLines + 1, why: "a map has at most \(maxLines) lines")
        }
        for (i, m) in mappings.enumerated() {
            let line = i + 1
            if m.size == 0 { return Problem(line: line, why: "\(text(m)): size is 0") }
            for (side, first) in [("container", m.containerID), ("host", m.hostID)] where UInt64(first) + UInt64(m.size) > UInt64(UInt32.max) {
                return Problem(line: line, why: "\(text(m)): \(side) ids \(first)+\(m.size) go past 4294967294")
            }
            for (j, earlier) in mappings[..<i].enumerated() {
                if overlaps(m.containerID, m.size, earlier.containerID, earlier.size) {
                    return Problem(line: line, why: "\(text(m)): container ids \(range(m.containerID, m.size)) overlap line \(j + 1) (\(text(earlier)))")
                }
                if overlaps(m.hostID, m.size, earlier.hostID, earlier.size) {
                    return Problem(line: line, why: "\(text(m)): host ids \(range(m.hostID, m.size)) overlap line \(j + 1) (\(text(earlier)))")
                }
            }
            if let parent, !covered(m.hostID, m.size, by: parent) {
                return Problem(line: line, why: "\(text(m)): host ids \(range(m.hostID, m.size)) are not mapped in mydocker's own user namespace")
            }
        }
        return nil
    }

    /// Parses a /proc/PID/uid_map text (`first lower count` per line).
    public static func parse(_ text: String) -> [ContainerSpec.IDMapping] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, let a = UInt32(fields[0]), let b = UInt32(fields[1]), let c = UInt32(fields[2]) else { return nil }
            return ContainerSpec.IDMapping(containerID: a, hostID: b, size: c)
        }
    }

    /// The text written to uid_map/gid_map: one `containerID hostID size` line each.
    public static func text(_ mappings: [ContainerSpec.IDMapping]) -> String {
        mappings.map { text($0) + "\n" }.joined()
    }

    static func text(_ m: ContainerSpec.IDMapping) -> String { "\(m.containerID) \(m.hostID) \(m.size)" }

    static func range(_ first: UInt32, _ size: UInt32) -> String {
        size == 1 ? "\(first)" : "\(first)-\(UInt64(first) + UInt64(size) - 1)"
    }

    static func overlaps(_ a: UInt32, _ an: UInt32, _ b: UInt32, _ bn: UInt32) -> Bool {
        let aEnd = UInt64(a) + UInt64(an), bEnd = UInt64(b) + UInt64(bn)
        return UInt64(a) < bEnd && UInt64(b) < aEnd
    }

    /// Whether every id of [first, first+size) is in the `container` side of `map` (the writer's namespace ids).
    static func covered(_ first: UInt32, _ size: UInt32, by map: [ContainerSpec.IDMapping]) -> Bool {
        var next = UInt64(first)
        let end = UInt64(first) + UInt64(size)
        while next < end {
            guard let extent = map.first(where: { UInt64($0.containerID) <= next && next < UInt64($0.containerID) + UInt64($0.size) }) else {
                return false
            }
            next = UInt64(extent.containerID) + UInt64(extent.size)
        }
        return true
    }
}
