import Glibc
import LinuxSystem

/// An exclusive flock(2) on a lock file, held until ``unlock()`` or until it goes away.
///
/// The store takes the global lock (`<root>/.lock`) to allocate or remove names and a container's lock
/// (`<root>/<name>/.lock`) to change its state, always in that order.
final class FileLock {
    private var file: FileDescriptor?

    /// Opens `name` in `directory` (creating it unless `existing`) and waits for the lock. With `existing`, fails
    /// with ENOENT when the file is gone (the container was removed).
    init(_ name: String, in directory: borrowing FileDescriptor, existing: Bool = false) throws(SystemError) {
        let file = try directory.open(name, existing ? O_RDWR : O_RDWR | O_CREAT, mode: 0o600)
        let locked = retryingOnInterrupt { flock(file.rawValue, LOCK_EX) }
        guard locked.result == 0 else { throw SystemError(call: "flock \(name)", errno: locked.errno) }
        self.file = .some(file)
    }

    /// Releases the lock (closing the descriptor). Call it from a `defer` so the lock lives as long as the scope.
    func unlock() {
        file = nil
    }
}
