import Glibc

/// The system calls of the state store, each wrapped once: retried on EINTR, failures thrown as a
/// ``StepError`` naming what was being done, the call and errno.
enum StateIO {
    static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    static func failure(_ what: String, _ syscall: String, _ err: Int32 = errno) -> StepError {
        StepError(what: what, syscall: syscall, errno: err)
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644, what: String) throws(StepError) -> Int32 {
        let fd = retrying { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw failure(what, "open \(path)") }
        return fd
    }

    static func openAt(_ dir: Int32, _ name: String, _ flags: Int32, mode: mode_t = 0o644, what: String) throws(StepError) -> Int32 {
        let fd = retrying { Glibc.openat(dir, name, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw failure(what, "open \(name)") }
        return fd
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Everything `fd` has to read (``Sys/readToEnd(_:limit:)``), or a failure naming `what`.
    static func readAll(_ fd: Int32, what: String, limit: Int = .max) throws(StepError) -> [UInt8] {
        guard let bytes = Sys.readToEnd(fd, limit: limit) else { throw failure(what, "read") }
        return bytes
    }

    static func readFile(_ path: String, what: String) throws(StepError) -> [UInt8] {
        let fd = try open(path, O_RDONLY, what: what)
        defer { close(fd) }
        return try readAll(fd, what: what)
    }

    static func readFileAt(_ dir: Int32, _ name: String, what: String) throws(StepError) -> [UInt8] {
        let fd = try openAt(dir, name, O_RDONLY, what: what)
        defer { close(fd) }
        return try readAll(fd, what: what)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws(StepError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(what, "write")
            }
            offset += n
        }
    }

    /// Replaces `name` in `dir` so that readers see the old bytes or the new ones, never a mix, even if we crash:
    /// write a temporary file in the same directory, fsync it, rename it over `name`, fsync the directory.
    static func writeAtomically(_ dir: Int32, _ name: String, _ bytes: [UInt8], mode: mode_t = 0o644, what: String) throws(StepError) {
        let temporary = ".\(name).tmp"
        let fd = try openAt(dir, temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode, what: what)
        do throws(StepError) {
            try writeAll(fd, bytes, what: what)
            guard retrying({ fsync(fd) }) == 0 else { throw failure(what, "fsync \(temporary)") }
            close(fd)
            guard renameat(dir, temporary, dir, name) == 0 else { throw failure(what, "rename \(temporary) to \(name)") }
        } catch {
            close(fd)
            _ = unlinkat(dir, temporary, 0)
            throw error
        }
        guard retrying({ fsync(dir) }) == 0 else { throw failure(what, "fsync of the directory") }
    }

    /// The names in a directory, without "." and "..".
    static func entries(_ path: String, what: String) throws(StepError) -> [String] {
        let fd = try open(path, O_RDONLY | O_DIRECTORY, what: what)
        return try entries(fd: fd, what: what)
    }

    /// The names in the directory open at `fd`, which this closes.
    static func entries(fd: Int32, what: String) throws(StepError) -> [String] {
        guard let stream = fdopendir(fd) else {
            let err = errno
            close(fd)
            throw failure(what, "fdopendir", err)
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

    /// Removes the directory `name` inside `parent` and everything in it (state directories hold plain files only,
    /// but a nested directory is removed too).
    static func removeTree(_ parent: Int32, _ name: String, what: String) throws(StepError) {
        let fd = try openAt(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, what: what)
        let dup = Glibc.dup(fd)
        defer { close(fd) }
        guard dup >= 0 else { throw failure(what, "dup") }
        for entry in try entries(fd: dup, what: what) {
            if unlinkat(fd, entry, 0) == 0 || errno == ENOENT { continue }
            if errno == EISDIR {
                try removeTree(fd, entry, what: what)
                continue
            }
            throw failure(what, "unlink \(entry)")
        }
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw failure(what, "rmdir \(name)")
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Seconds since the epoch.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}
