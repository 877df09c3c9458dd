import LinuxSystem
import Spec

/// A running process's /proc/PID/uid_map (or gid_map): which host id an id inside its user namespace stands for,
/// by the spec's ID-map arithmetic (``ContainerSpec/IDMapping``).
enum IDMap {
    /// The host id of `id` by the map text (`inside outside count` per line), nil when no line covers it.
    static func hostID(of id: UInt32, mapText: String) -> UInt32? {
        ContainerSpec.IDMapping.parse(mapText: mapText).hostID(of: id)
    }

    /// The same, reading the map file.
    static func hostID(of id: UInt32, map path: String) -> UInt32? {
        guard let bytes = Sys.readFile(path) else { return nil }
        return hostID(of: id, mapText: String(decoding: bytes, as: UTF8.self))
    }
}
