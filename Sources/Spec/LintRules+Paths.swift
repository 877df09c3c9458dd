/// `~` and `$VAR` in paths: a shell would expand them, mydocker runs none, so the path is used as written.
extension LintRules {
    /// What a shell would have expanded in `path`: `~` at its start, or the first `$NAME` or `${NAME}`.
    static func unexpanded(_ path: String) -> String? {
        if path.hasPrefix("~") {
            return String(path.prefix { $0 != "/" })
        }
        let u = Array(path.utf8)
        var i = 0
        while i + 1 < u.count {
            if u[i] == UInt8(ascii: "$") {
                let next = u[i + 1]
                if next == UInt8(ascii: "{"), let close = u[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                    return String(decoding: u[i...close], as: UTF8.self)
                }
                if next == UInt8(ascii: "_") || (next | 0x20 >= UInt8(ascii: "a") && next | 0x20 <= UInt8(ascii: "z")) {
                    var end = i + 1
                    while end < u.count, u[end] == UInt8(ascii: "_") || (u[end] | 0x20 >= UInt8(ascii: "a") && u[end] | 0x20 <= UInt8(ascii: "z"))
                        || (u[end] >= UInt8(ascii: "0") && u[end] <= UInt8(ascii: "9")) { end += 1 }
                    return String(decoding: u[i..<end], as: UTF8.self)
                }
            }
            i += 1
        }
        return nil
    }

    /// Every path of the spec, each where it stands, and for a path on the host, the path it resolves to: a
    /// host path whose literal name exists is what the writer meant, and is left alone.
    mutating func paths() {
        var found: [(pointer: String, path: String, host: String?)] = []
        if let root = spec.root { found.append(("/root/path", root.path, root.resolvedPath)) }
        for (i, m) in spec.mounts.enumerated() where i < origins.mounts.count {
            if let source = m.source { found.append((origins.mounts[i] + "/source", source, m.resolvedSource ?? source)) }
            found.append((origins.mounts[i] + "/destination", m.destination, nil))
        }
        if spec.source.positions["/process/cwd"] != nil { found.append(("/process/cwd", spec.process.cwd, nil)) }
        if let name = spec.process.args.first, argsDecoded { found.append(("/process/args/0", name, nil)) }
        for (i, ns) in spec.linux.namespaces.enumerated() where i < origins.namespaces.count {
            if let path = ns.path { found.append((origins.namespaces[i] + "/path", path, path)) }
        }
        for (i, d) in spec.linux.devices.enumerated() where i < origins.devices.count {
            found.append((origins.devices[i] + "/path", d.path, nil))
        }
        for (i, p) in spec.linux.maskedPaths.enumerated() where i < origins.maskedPaths.count { found.append((origins.maskedPaths[i], p, nil)) }
        for (i, p) in spec.linux.readonlyPaths.enumerated() where i < origins.readonlyPaths.count { found.append((origins.readonlyPaths[i], p, nil)) }
        for (pointer, path, host) in found {
            guard let word = Self.unexpanded(path), !failedToDecode(pointer) else { continue }
            if let host, FileKind.at(host) != nil { continue }
            let what = word.hasPrefix("~") ? "starts with `\(word)`" : "holds `\(word)`"
            report(.pathNotExpanded, pointer, "`\(Location(pointer: pointer).name)` `\(path)` \(what), which nothing expands: mydocker runs no shell; write the path itself")
        }
    }
}
