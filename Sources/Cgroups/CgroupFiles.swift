import Glibc
import LinuxSystem

/// Reading and writing cgroup interface files: each value in one write(2), as the kernel wants, and each failure
/// naming the file.
enum CgroupFiles {
    /// The file's text without its last newline; nil when it cannot be read.
    static func read(_ path: String) -> String? {
        guard let bytes = Sys.readFile(path) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// Writes `value` to the interface file `path` in one write(2).
    static func write(_ value: String, to path: String, what: String) throws(CgroupError) {
        if let failure = Sys.writeFile(path, value) {
            let call = "\(failure.call ?? "write") \(path)"
            throw CgroupError(what: what, call: call, errno: failure.errno, hint: hint(for: failure.errno, path: path, value: value))
        }
    }

    static func hint(for errno: Int32, path: String, value: String) -> String? {
        switch errno {
        case ENOENT: "this kernel or this hierarchy has no \(path.split(separator: "/").last ?? "") file"
        case EINVAL: "the kernel refused the value \"\(value)\""
        case EBUSY: "the value conflicts with the cgroup's current use or its children"
        case ENOSPC where path.hasSuffix("cgroup.procs"): "the cgroup has no cpus or memory nodes (cpuset.cpus, cpuset.mems)"
        default: nil
        }
    }
}
