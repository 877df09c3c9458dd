import Glibc

/// An exclusive flock(2) on a lock file, held until ``unlock()``.
///
/// The store takes the global lock (`<root>/.lock`) to allocate or remove names and a container's lock
/// (`<root>/<name>/.lock`) to change its state, always in that order.
final class FileLock {
    private var fd: Int32

    /// Opens (creating) `name` in `dir` and waits for the lock.
    init(dir: Int32, name: String, what: String) throws(StepError) {
        let fd = try StateIO.openAt(dir, name, O_RDWR | O_CREAT, mode: 0o600, what: what)
        guard StateIO.retrying({ flock(fd, LOCK_EX) }) == 0 else {
            let err = errno
            StateIO.close(fd)
            throw StateIO.failure(what, "flock \(name)", err)
        }
        self.fd = fd
    }

    /// Waits for the lock on an existing lock file only: fails with ENOENT when it is gone (the container was removed).
    init(existingIn dir: Int32, name: String, what: String) throws(StepError) {
        let fd = try StateIO.openAt(dir, name, O_RDWR, what: what)
        guard StateIO.retrying({ flock(fd, LOCK_EX) }) == 0 else {
            let err = errno
            StateIO.close(fd)
            throw StateIO.failure(what, "flock \(name)", err)
        }
        self.fd = fd
    }

    /// Releases the lock (closing the descriptor). Call it from a `defer` so the lock lives as long as the scope.
    func unlock() {
        if fd >= 0 { StateIO.close(fd) }
        fd = -1
    }

    deinit {
        unlock()
    }
}
