import Spec

/// Why the kernel would refuse a uid_map or gid_map, line by line, so that a rejected map is reported with the
/// line at fault (the kernel only says EINVAL or EPERM for the whole write). The rules are the kernel's
/// (kernel/user_namespace.c, map_write): at most 340 lines, no empty or wrapping range, no range overlapping
/// another on either side, and host ids mapped in the writer's own user namespace.
enum IDMapCheck {
    struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line of the map.
        var line: Int
        var why: String
        var description: String { "line \(line): \(why)" }
    }

    /// The kernel's limit on lines in a map.
    static let maxLines = 340

    /// The first problem of `mappings`, or nil. `parent` is the writer's own map (/proc/self/uid_map);
    /// nil skips that rule.
    static func problem(_ mappings: [ContainerSpec.IDMapping], parent: [ContainerSpec.IDMapping]? = nil) -> Problem? {
        if mappings.count > maxLines {
            return Problem(line: maxLines + 1, why: "a map has at most \(maxLines) lines")
        }
        for (i, m) in mappings.enumerated() {
            let line = i + 1
            if m.size == 0 { return Problem(line: line, why: "\(m.mapLine): size is 0") }
            for (side, ids) in [("container", m.containerIDs), ("host", m.hostIDs)] where ids.upperBound > UInt64(UInt32.max) {
                return Problem(line: line, why: "\(m.mapLine): \(side) ids \(ids.lowerBound)+\(m.size) go past 4294967294")
            }
            for (j, earlier) in mappings[..<i].enumerated() {
                if m.containerIDs.overlaps(earlier.containerIDs) {
                    return Problem(line: line, why: "\(m.mapLine): container ids \(span(m.containerIDs)) overlap line \(j + 1) (\(earlier.mapLine))")
                }
                if m.hostIDs.overlaps(earlier.hostIDs) {
                    return Problem(line: line, why: "\(m.mapLine): host ids \(span(m.hostIDs)) overlap line \(j + 1) (\(earlier.mapLine))")
                }
            }
            if let parent, !parent.covers(m.hostIDs) {
                return Problem(line: line, why: "\(m.mapLine): host ids \(span(m.hostIDs)) are not mapped in mydocker's own user namespace")
            }
        }
        return nil
    }

    private static func span(_ ids: Range<UInt64>) -> String { ContainerSpec.IDMapping.span(ids) }
}
