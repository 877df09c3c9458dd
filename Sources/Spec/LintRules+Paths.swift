/// `~` and `$VAR` in paths: a shell would expand them, mydocker runs none, so the path is used as written.
extension LintRules {
    /// What a shell would have expanded in `path`: `~` at its start, or the first `$NAME` or `${NAME}`.
    static func unexpanded(_ path: String) -> String? {
        // Nearly every path has neither: looked at without copying it.
        if path.utf8.first == UInt8(ascii: "~") {
            return String(path.prefix { $0 != "/" })
        }
        guard path.utf8.contains(UInt8(ascii: "$")) else { return nil }
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

    /// Every path of the spec where it stands; a host path whose literal name exists is what the writer meant,
    /// and is left alone.
    mutating func paths() {
        if let root = spec.root { path(root.path, at: "/root/path", host: root.resolvedPath) }
        for (i, m) in spec.mounts.enumerated() where i < origins.mounts.count {
            if let source = m.source { path(source, at: origins.mounts[i], "/source", host: m.resolvedSource ?? source) }
            path(m.destination, at: origins.mounts[i], "/destination")
        }
        if spec.source.positions["/process/cwd"] != nil { path(spec.process.cwd, at: "/process/cwd") }
        // argsDecoded looks up every item's position: asked only of a command that needs it.
        if let name = spec.process.args.first, Self.unexpanded(name) != nil, argsDecoded { path(name, at: "/process/args/0") }
        for (i, ns) in spec.linux.namespaces.enumerated() where i < origins.namespaces.count {
            if let p = ns.path { path(p, at: origins.namespaces[i], "/path", host: p) }
        }
        for (i, d) in spec.linux.devices.enumerated() where i < origins.devices.count { path(d.path, at: origins.devices[i], "/path") }
        for (i, p) in spec.linux.maskedPaths.enumerated() where i < origins.maskedPaths.count { path(p, at: origins.maskedPaths[i]) }
        for (i, p) in spec.linux.readonlyPaths.enumerated() where i < origins.readonlyPaths.count { path(p, at: origins.readonlyPaths[i]) }
    }

    /// One path, at `base + field`; `host`, for a path on the host, is where it resolves.
    private mutating func path(_ path: String, at base: String, _ field: String = "", host: String? = nil) {
        guard let word = Self.unexpanded(path) else { return }
        let pointer = base + field
        guard !failedToDecode(pointer) else { return }
        if let host, FileKind.at(host) != nil { return }
        let what = word.hasPrefix("~") ? "starts with `\(word)`" : "holds `\(word)`"
        report(.pathNotExpanded, pointer, "`\(Location(pointer: pointer).name)` `\(path)` \(what), which nothing expands: mydocker runs no shell; write the path itself")
    }
}
