import LinuxSystem
import Glibc
import Spec

/// Failure texts shared by the mount code.
enum MountFailure {
    static func unknownOptionsHint(_ words: [String]) -> String {
        let quoted = words.map { "\"\($0)\"" }.joined(separator: ", ")
        return words.count == 1 ? "unknown mount option \(quoted)" : "unknown mount options \(quoted)"
    }

    static func noSuchFileSystemHint(_ type: String) -> String {
        "the kernel has no \(type) file system (see /proc/filesystems)"
    }

    /// File systems that need no device (the `nodev` lines of /proc/filesystems).
    static func fileSystemNeedsDevice(_ type: String) -> Bool {
        let fd = retryingOnInterrupt { open("/proc/filesystems", O_RDONLY | O_CLOEXEC) }
        guard fd.result >= 0 else { return true }
        defer { Sys.closeKeepingErrno(fd.result) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd.result, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.last.map(String.init) == type {
                return words.first != "nodev"
            }
        }
        return true
    }

    /// The seed's "block device required", said so a person knows what to change:
    /// `xfs needs a block device; /testdata is a regular file: add the "loop" option`.
    /// Nil when `mount` does not look like that mistake.
    static func blockDeviceHint(_ mount: ContainerSpec.Mount, errno: Int32) -> String? {
        guard !mount.isBind, !mount.isLoop, let type = mount.type,
              let source = mount.resolvedSource ?? mount.source,
              errno == ENOTBLK || errno == EPERM || errno == EACCES
        else { return nil }
        guard let status = MountSyscall.fileStatus(source).status else { return nil }
        let kind: String
        if MountSyscall.isRegularFile(status.st_mode) {
            kind = "a regular file: add the \"loop\" option"
        } else if MountSyscall.isDirectory(status.st_mode) {
            kind = "a directory: use a bind mount (the \"bind\" option)"
        } else {
            return nil
        }
        guard errno == ENOTBLK || fileSystemNeedsDevice(type) else { return nil }
        return "\(type) needs a block device; \(mount.source ?? source) is \(kind)"
    }
}
