import Glibc

/// Directories: listing, atomic replacement of a file, removal of a tree, creation of a path. Each system call
/// through ``retryingOnInterrupt(_:)``, each failure a ``SystemError`` naming the call.
public enum Directory {
    /// The names in the directory at `path`, without "." and "..".
    public static func entries(_ path: String) throws(SystemError) -> [String] {
        try entries(of: FileDescriptor.open(path, O_RDONLY | O_DIRECTORY))
    }

    /// The names in the directory open at `directory`, which this consumes.
    public static func entries(of directory: consuming FileDescriptor) throws(SystemError) -> [String] {
        let fd = directory.release()
        guard let stream = fdopendir(fd) else {
            let err = errno
            Sys.closeKeepingErrno(fd)
            throw SystemError(call: "fdopendir", errno: err)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Replaces `name` in `directory` so that readers see the old bytes or the new ones, never a mix, even if we
    /// crash or are killed at any moment: write a temporary file in the same directory, rename it over `name`.
    ///
    /// No fsync: what this writes is runtime state (under /run, which the OCI runtime-spec wants on a temporary file
    /// system, gone at reboot with the processes it describes), and runc and crun do not sync theirs either. Where
    /// /run is a disk file system, each fsync waited for the disk (about 0.4 ms here, several per `create`).
    public static func replaceAtomically(
        _ name: String, in directory: borrowing FileDescriptor, with bytes: [UInt8], mode: mode_t = 0o644
    ) throws(SystemError) {
        let temporary = ".\(name).tmp"
        let dir = directory.rawValue
        do throws(SystemError) {
            let file = try directory.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            try file.writeAll(bytes)
            file.close()
            guard renameat(dir, temporary, dir, name) == 0 else {
                throw SystemError(call: "rename \(temporary) to \(name)", errno: errno)
            }
        } catch {
            _ = unlinkat(dir, temporary, 0)
            throw error
        }
    }

    /// Removes the directory `name` inside `parent` and everything in it, without following symlinks.
    public static func removeTree(_ name: String, in parent: borrowing FileDescriptor) throws(SystemError) {
        let directory = try parent.open(name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        for entry in try entries(of: directory.duplicate()) {
            if unlinkat(directory.rawValue, entry, 0) == 0 || errno == ENOENT { continue }
            if errno == EISDIR {
                try removeTree(entry, in: directory)
                continue
            }
            throw SystemError(call: "unlink \(entry)", errno: errno)
        }
        guard unlinkat(parent.rawValue, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw SystemError(call: "rmdir \(name)", errno: errno)
        }
    }

    /// mkdir -p: each missing directory of `path` (absolute) made with `mode`.
    public static func create(_ path: String, mode: mode_t = 0o711) throws(SystemError) {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw SystemError(call: "mkdir \(prefix)", errno: errno)
            }
        }
    }

    /// Whether anything is at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// The wall clock, the monotonic clock, and sleeping.
public enum Clock {
    /// Seconds since the epoch.
    public static func now() -> Int64 {
        preciseNow().seconds
    }

    /// Seconds since the epoch and the nanoseconds past them.
    public static func preciseNow() -> (seconds: Int64, nanoseconds: Int64) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int64(ts.tv_nsec))
    }

    /// Monotonic milliseconds, for deadlines.
    public static func monotonicMilliseconds() -> Int64 {
        Int64(monotonicNanoseconds() / 1_000_000)
    }

    /// Monotonic nanoseconds, for rates.
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Sleeps `milliseconds` (nanosleep, resumed after a signal).
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
