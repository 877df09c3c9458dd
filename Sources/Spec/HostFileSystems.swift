#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The file system types this host's kernel knows: those registered now (/proc/filesystems) and those it can
/// load a module for when a mount asks (the kernel requests `fs-TYPE`, which modules.alias resolves).
public struct HostFileSystems: Sendable {
    public var registered: Set<String>
    /// `fs-TYPE` aliases and built-in file systems of the running kernel's module index; nil when this host has
    /// no index to read (a container without /lib/modules): then only what is registered is known.
    public var loadable: Set<String>?

    public init(registered: Set<String>, loadable: Set<String>?) {
        self.registered = registered
        self.loadable = loadable
    }

    /// Whether a mount of this type can find its file system.
    public func knows(_ type: String) -> Bool {
        registered.contains(type) || loadable?.contains(type) == true
    }

    /// This host's, read once per process, when first asked (a lint run of many specs reads them once).
    public static let live = read()

    /// Read from the live host; `procRoot` and `modulesRoot` are replaced in tests.
    public static func read(procRoot: String = "/proc", modulesRoot: String = "/lib/modules") -> HostFileSystems {
        HostFileSystems(registered: registered(procRoot: procRoot), loadable: loadable(modulesRoot: modulesRoot))
    }

    /// The types /proc/filesystems lists (`nodev\tproc`, `\text4`).
    public static func registered(procRoot: String = "/proc") -> Set<String> {
        guard let text = readText("\(procRoot)/filesystems") else { return [] }
        return Set(text.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: { $0 == "\t" || $0 == " " }).last.map(String.init)
        })
    }

    /// The types the running kernel's modules.alias (`alias fs-squashfs squashfs`) and modules.builtin
    /// (`kernel/fs/ext4/ext4.ko`) name.
    static func loadable(modulesRoot: String) -> Set<String>? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let folder = "\(modulesRoot)/\(release)"
        let aliases = readText(folder + "/modules.alias")
        let builtin = readText(folder + "/modules.builtin")
        guard aliases != nil || builtin != nil else { return nil }
        var types: Set<String> = []
        for line in (aliases ?? "").split(separator: "\n") where line.hasPrefix("alias fs-") {
            if let word = line.split(separator: " ").dropFirst().first { types.insert(String(word.dropFirst(3))) }
        }
        for line in (builtin ?? "").split(separator: "\n") {
            let parts = line.split(separator: "/")
            if parts.count >= 3, parts[parts.count - 3] == "fs" { types.insert(String(parts[parts.count - 2])) }
        }
        return types
    }

    static func readText(_ path: String) -> String? {
        (try? SpecFile.read(path: path, maxBytes: 16 << 20)).map { String(decoding: $0, as: UTF8.self) }
    }
}
