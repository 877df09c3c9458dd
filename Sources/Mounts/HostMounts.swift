import Glibc
import LinuxSystem

/// The mounts an OCI container without a mount namespace of its own makes in the host's mount table. runc carries
/// out such a config's mounts on the host and enters the root by chroot, and leaves the mounts there after
/// `delete`; mydocker does the same but remembers which mounts below the root were there before (the baseline, by
/// mount ID, recorded before the container's process exists), so that whatever the run added below its root is
/// found and unmounted again: by `delete`, by a `create` that failed, and by `delete --force` after a `create` that
/// was killed at any moment.
public struct HostMounts: Sendable, Equatable {
    /// The container's root, absolute and with its symbolic links resolved (as mountinfo shows mount points).
    public let root: String
    /// The IDs of the mounts at or below ``root`` before the run.
    public let baseline: [Int]

    public init(root: String, baseline: [Int]) {
        self.root = root
        self.baseline = baseline
    }

    /// The baseline of `root` now.
    public static func snapshot(below root: String) throws(MountError) -> HostMounts {
        let what = "list the host's mounts below \(root)"
        guard let resolved = realpath(root, nil) else {
            throw MountError(what: what, syscall: "realpath \(root)", errno: errno)
        }
        let path = String(cString: resolved)
        free(resolved)
        let entries = try MountTable.current(what: what)
        return HostMounts(root: path, baseline: entries.filter { $0.isAtOrBelow(path) }.map(\.id))
    }

    /// The mounts at or below the root that the baseline does not have, in the order the mount table lists them
    /// (the order they were made).
    public func added() throws(MountError) -> [MountTable.Entry] {
        Self.added(to: self, in: try MountTable.current(what: "list the host's mounts below \(root)"))
    }

    static func added(to mounts: HostMounts, in table: [MountTable.Entry]) -> [MountTable.Entry] {
        let before = Set(mounts.baseline)
        return table.filter { $0.isAtOrBelow(mounts.root) && !before.contains($0.id) }
    }

    /// Unmounts what the run added below the root, last made first (MNT_DETACH: a process still holding one does
    /// not keep it in the host's table). Stops with an error when a round removes nothing.
    public func unmountAdded() throws(MountError) {
        var left = try added()
        while !left.isEmpty {
            var lastError: (path: String, errno: Int32)?
            for entry in left.reversed() {
                let done = retryingOnInterrupt { umount2(entry.mountPoint, Int32(MNT_DETACH)) }
                // Gone already with a mount above it that was detached: not an error.
                if done.result != 0 && done.errno != EINVAL && done.errno != ENOENT { lastError = (entry.mountPoint, done.errno) }
            }
            let now = try added()
            if now.count >= left.count {
                let failed = lastError ?? (left[left.count - 1].mountPoint, EBUSY)
                throw MountError(what: "unmount what the container mounted on the host below \(root)",
                                 syscall: "umount2 \(failed.path) MNT_DETACH", errno: failed.errno)
            }
            left = now
        }
    }
}

/// /proc/self/mountinfo, as far as ``HostMounts`` needs it: each mount's ID and mount point.
public enum MountTable {
    public struct Entry: Sendable, Equatable {
        public var id: Int
        /// Unescaped (mountinfo writes a space as `\040`, a tab as `\011`, a newline as `\012`, a backslash as `\134`).
        public var mountPoint: String

        public init(id: Int, mountPoint: String) {
            self.id = id
            self.mountPoint = mountPoint
        }

        func isAtOrBelow(_ root: String) -> Bool {
            root == "/" || mountPoint == root || mountPoint.hasPrefix(root + "/")
        }
    }

    static func current(what: String) throws(MountError) -> [Entry] {
        guard let bytes = Sys.readFile("/proc/self/mountinfo") else {
            throw MountError(what: what, syscall: "read /proc/self/mountinfo", errno: errno)
        }
        return parse(bytes)
    }

    /// The entries of a mountinfo text; a line without an ID and a mount point is skipped.
    public static func parse(_ bytes: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ...
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 5, let id = Int(String(decoding: fields[0], as: UTF8.self)) else { continue }
            entries.append(Entry(id: id, mountPoint: unescape(fields[4])))
        }
        return entries
    }

    /// Undoes mountinfo's octal escapes (`\ooo`).
    static func unescape(_ field: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var i = field.startIndex
        while i < field.endIndex {
            let byte = field[i]
            if byte == UInt8(ascii: "\\"), i + 3 < field.endIndex, let value = octal(field[(i + 1)..<(i + 4)]) {
                out.append(value)
                i += 4
            } else {
                out.append(byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 3 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(digit - UInt8(ascii: "0"))
        }
        return value <= 255 ? UInt8(value) : nil
    }
}
