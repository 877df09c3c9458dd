/// What the kernel and the OCI runtime-spec allow in `linux.resources` and `linux.cgroupsPath`: one home for
/// the schema (ranges and patterns), the decoder (which reports each at its line and column) and the runtime.
public enum ResourceLimits {
    /// `-1` for memory limit, reservation and swap, cpu quota and pids limit.
    public static let unlimited: Int64 = -1
    /// `-1` for a device major or minor: every number (`*`), as an absent value.
    public static let deviceWildcard: Int64 = -1

    /// cpu.shares: the kernel's MIN_SHARES and MAX_SHARES (v1 clamps silently, runc then refuses; v2 maps them to 1...10000).
    public static let cpuShares: ClosedRange<Int64> = 2...262_144
    /// cpu.period in µs: the kernel refuses a CFS period under 1 ms or over 1 s.
    public static let cpuPeriod: ClosedRange<Int64> = 1_000...1_000_000
    /// cpu.quota in µs: -1 (no limit) or at least 1 ms.
    public static let cpuQuotaMinimum: Int64 = 1_000
    /// cpu.idle: 0 or 1 (cgroup v2 `cpu.idle`).
    public static let cpuIdle: ClosedRange<Int64> = 0...1
    /// memory.swappiness, as /proc/sys/vm/swappiness.
    public static let swappiness: ClosedRange<Int64> = 0...100
    /// blockIO weights (v1 blkio.weight; runc and crun map them onto v2 io.weight).
    public static let blockIOWeight: ClosedRange<Int64> = 10...1_000

    /// Files of a cgroup that the runtime writes itself (they move processes or enable controllers):
    /// `unified` cannot name them.
    public static let runtimeOwnedFiles = ["cgroup.procs", "cgroup.threads", "cgroup.subtree_control"]

    // MARK: Patterns (JSON Schema, ECMA 262) and the same checks in Swift

    static let listItem = "[0-9]+(-[0-9]+(:[0-9]+/[0-9]+)?)?"
    /// cpu.cpus and cpu.mems: the kernel's list syntax (`0-3,5,7-8`, `0-15:2/4`); empty means unset.
    public static let cpusetPattern = "^(\(listItem)(,\(listItem))*)?$"
    /// hugepageLimits[].pageSize, as the hugetlb controller names its files.
    public static let pageSizePattern = "^[1-9][0-9]*[KMG]B$"
    /// devices[].access: a non-empty subset of `rwm`, each letter once.
    public static let accessPattern = "^(r|w|m|rw|rm|wr|wm|mr|mw|rwm|rmw|wrm|wmr|mrw|mwr)$"
    /// unified keys: `controller.name`, without `/` or `..`, not a file the runtime owns.
    public static let unifiedKeyPattern = "^(?!cgroup\\.(procs|threads|subtree_control)$)(?!.*\\.\\.)[^./]+\\.[^/]+$"

    /// Why `text` is not a kernel CPU or node list, or nil when it is one.
    public static func cpusetProblem(_ text: String) -> String? {
        if text.isEmpty { return nil }
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { return "it has an empty item" }
            let (rangeText, group) = item.firstIndex(of: ":").map { (item[..<$0], Optional(item[item.index(after: $0)...])) } ?? (item, nil)
            let bounds = rangeText.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = number(bounds[0]), let last = bounds.count == 2 ? number(bounds[1]) : first else {
                return "`\(item)` is not a number or a range such as 0-3"
            }
            if first > last { return "the range `\(rangeText)` runs backwards" }
            if let group {
                let parts = group.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                guard bounds.count == 2, parts.count == 2, let used = number(parts[0]), let size = number(parts[1]) else {
                    return "`\(item)` is not a range with a stride such as 0-15:2/4"
                }
                if size == 0 || used > size { return "in `\(item)`, the group size must be at least 1 and at least the used count" }
            }
        }
        return nil
    }

    /// Up to 9 decimal digits: CPU and node numbers are small, and longer text is refused without arithmetic.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    public static func isPageSize(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count >= 3, u[u.count - 1] == UInt8(ascii: "B"), [UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G")].contains(u[u.count - 2]) else { return false }
        let digits = u[..<(u.count - 2)]
        return digits.first != UInt8(ascii: "0") && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    public static func isAccess(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 3 else { return false }
        var seen = Set<Character>()
        return text.allSatisfy { "rwm".contains($0) && seen.insert($0).inserted }
    }

    /// Why `key` cannot be a `unified` key, or nil when it can.
    public static func unifiedKeyProblem(_ key: String) -> String? {
        if runtimeOwnedFiles.contains(key) {
            return "`\(key)` is written by the runtime itself (it moves processes or enables controllers): a spec cannot set it"
        }
        if key.contains("/") || key.contains("..") {
            return "`\(key)` must name a file of the container's own cgroup: no `/` and no `..`"
        }
        guard let dot = key.firstIndex(of: "."), dot != key.startIndex, key.index(after: dot) != key.endIndex else {
            return "`\(key)` is not a cgroup file name of the form controller.name (memory.high, io.max, pids.max)"
        }
        return nil
    }

    /// Why `path` cannot be a `cgroupsPath`, or nil when it can.
    public static func cgroupsPathProblem(_ path: String) -> String? {
        if path.split(separator: "/").contains("..") {
            return "`linux.cgroupsPath` `\(path)` must not contain `..`: it would leave the cgroup tree the runtime manages"
        }
        if path.hasPrefix("/"), PathText.normalize(path) == "/" {
            return "`linux.cgroupsPath` must not be the root cgroup `/`: the container's limits would apply to the whole host"
        }
        return nil
    }
}
