import LinuxSystem

/// A process's /proc/PID/uid_map (or gid_map): which host id an id inside its user namespace stands for.
public enum IDMap {
    /// The host id of `id` by the map text (`inside outside count` per line), nil when no line covers it.
    public static func hostID(of id: UInt32, mapText: String) -> UInt32? {
        for line in mapText.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt64($0) }
            guard fields.count == 3 else { continue }
            let (inside, outside, count) = (fields[0], fields[1], fields[2])
            if UInt64(id) >= inside && UInt64(id) < inside + count {
                return UInt32(truncatingIfNeeded: outside + (UInt64(id) - inside))
            }
        }
        return nil
    }

    /// The same, reading the map file.
    public static func hostID(of id: UInt32, map path: String) -> UInt32? {
        guard let bytes = Sys.readFile(path) else { return nil }
        return hostID(of: id, mapText: String(decoding: bytes, as: UTF8.self))
    }
}
