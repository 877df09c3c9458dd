import CShim
import Glibc
import LinuxSystem
import Spec

/// Where `check` looks: the real /proc, /sys and /dev, or a copy of them in tests.
public struct HostPaths: Sendable, Equatable {
    public var proc: String
    public var sys: String
    public var dev: String

    public init(proc: String = "/proc", sys: String = "/sys", dev: String = "/dev") {
        self.proc = proc
        self.sys = sys
        self.dev = dev
    }

    public static let live = HostPaths()
}

extension KernelFacts {
    /// Reads every fact. Changes nothing and needs no privilege (as non-root, fewer processes are counted).
    public static func read(from paths: HostPaths = .live) -> KernelFacts {
        let counts = countNamespaces(paths)
        let namespaces = NamespaceKind.allCases.map { kind in
            let support = Preflight.namespaceSupport(kind, procRoot: paths.proc)
            return NamespaceFact(kind: kind, supported: support.kernelHasIt, limit: support.limit, inUse: counts[kind])
        }
        let registered = registeredFilesystems(paths)
        return KernelFacts(
            namespaces: namespaces,
            loop: LoopFact(
                control: access("\(paths.dev)/loop-control", F_OK) == 0,
                driver: blockDevices(paths).contains("loop") || access("\(paths.sys)/module/loop", F_OK) == 0
            ),
            filesystems: specFilesystems.map { FilesystemFact(name: $0, available: registered.contains($0)) },
            cgroup: cgroupMode(paths),
            unprivilegedUserNamespaces: UnprivilegedUserNamespaces(
                cloneSwitch: readInt("\(paths.proc)/sys/kernel/unprivileged_userns_clone"),
                apparmorRestriction: readInt("\(paths.proc)/sys/kernel/apparmor_restrict_unprivileged_userns"),
                maxUserNamespaces: namespaces.first { $0.kind == .user }?.limit
            )
        )
    }

    /// The file system types /proc/filesystems lists (`nodev\tproc`, `\text4`).
    public static func registeredFilesystems(_ paths: HostPaths = .live) -> Set<String> {
        HostFileSystems.registered(procRoot: paths.proc)
    }

    static func blockDevices(_ paths: HostPaths) -> Set<String> {
        guard let text = readText("\(paths.proc)/devices") else { return [] }
        var names: Set<String> = []
        var inBlock = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Block devices:") { inBlock = true; continue }
            if line.hasPrefix("Character devices:") { inBlock = false; continue }
            if inBlock, let name = line.split(separator: " ").last { names.insert(String(name)) }
        }
        return names
    }

    static let cgroup2Magic: Int64 = 0x6367_7270
    static let tmpfsMagic: Int64 = 0x0102_1994
    static let cgroup1Magic: Int64 = 0x0027_e0eb

    static func cgroupMode(_ paths: HostPaths) -> CgroupMode {
        let base = "\(paths.sys)/fs/cgroup"
        guard let magic = fsMagic(base) else { return .none }
        if magic == cgroup2Magic { return .v2 }
        if magic == tmpfsMagic || magic == cgroup1Magic {
            return fsMagic("\(base)/unified") == cgroup2Magic ? .hybrid : .v1
        }
        return .none
    }

    static func fsMagic(_ path: String) -> Int64? {
        var magic: Int64 = 0
        return md_kernel_fs_magic(path, &magic) == 0 ? magic : nil
    }

    /// Distinct namespace inodes per type over /proc/<pid>/ns/<type>.
    static func countNamespaces(_ paths: HostPaths) -> [NamespaceKind: Int] {
        guard let entries = try? Directory.entries(paths.proc) else { return [:] }
        var seen: [NamespaceKind: Set<UInt64>] = [:]
        for entry in entries where entry.allSatisfy(\.isNumber) {
            for kind in NamespaceKind.allCases {
                var info = stat()
                if stat("\(paths.proc)/\(entry)/ns/\(kind.procName)", &info) == 0 {
                    seen[kind, default: []].insert(UInt64(info.st_dev) << 32 ^ UInt64(info.st_ino))
                }
            }
        }
        return seen.mapValues(\.count)
    }

    static func readText(_ path: String) -> String? {
        Sys.readFile(path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func readInt(_ path: String) -> Int? {
        readText(path).flatMap { text in text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } }
    }
}
