/// The range arithmetic of ID maps, in one place: lint's checks, the runtime's line-by-line explanation of a map
/// the kernel refused, the owner of a container's terminal and exec's view of a running container's maps all
/// read it from here. Bounds are UInt64, so that no range wraps.
extension ContainerSpec.IDMapping {
    /// The container IDs this line maps.
    public var containerIDs: Range<UInt64> { UInt64(containerID)..<UInt64(containerID) + UInt64(size) }
    /// The host IDs they stand for.
    public var hostIDs: Range<UInt64> { UInt64(hostID)..<UInt64(hostID) + UInt64(size) }

    /// The host ID of `id` through this line, nil when the line does not cover it.
    public func hostID(of id: UInt32) -> UInt32? {
        guard containerIDs.contains(UInt64(id)) else { return nil }
        return UInt32(truncatingIfNeeded: UInt64(hostID) + (UInt64(id) - UInt64(containerID)))
    }

    /// `containerID hostID size`, as uid_map and gid_map take a line.
    public var mapLine: String { "\(containerID) \(hostID) \(size)" }

    /// `5` for one ID, `5-9` for several.
    public static func span(_ ids: Range<UInt64>) -> String {
        ids.count == 1 ? "\(ids.lowerBound)" : "\(ids.lowerBound)-\(ids.upperBound - 1)"
    }

    /// The lines of a /proc/PID/uid_map or gid_map text (`inside outside count`, spaces or tabs); lines that are
    /// not three IDs are skipped.
    public static func parse(mapText: String) -> [ContainerSpec.IDMapping] {
        mapText.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3, let a = UInt32(fields[0]), let b = UInt32(fields[1]), let c = UInt32(fields[2]) else {
                return nil
            }
            return ContainerSpec.IDMapping(containerID: a, hostID: b, size: c)
        }
    }
}

extension Array where Element == ContainerSpec.IDMapping {
    /// The host ID of `id` by the first line that covers it, nil when none does.
    public func hostID(of id: UInt32) -> UInt32? {
        for line in self {
            if let host = line.hostID(of: id) { return host }
        }
        return nil
    }

    /// Whether every ID of `ids` is on the container side of some line.
    public func covers(_ ids: Range<UInt64>) -> Bool {
        var next = ids.lowerBound
        while next < ids.upperBound {
            guard let line = first(where: { $0.containerIDs.contains(next) }) else { return false }
            next = line.containerIDs.upperBound
        }
        return true
    }

    /// The text written to uid_map or gid_map: one line each.
    public var mapText: String { map { $0.mapLine + "\n" }.joined() }
}
