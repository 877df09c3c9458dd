import CShim
import Glibc

/// Small wrappers the mount code shares: each retries on EINTR and reports errno as it was
/// right after the call.
enum MountSyscall {
    /// Runs `call` until it does not fail with EINTR; the result, and errno when it is negative.
    static func retrying(_ call: () -> Int32) -> (result: Int32, errno: Int32) {
        while true {
            let result = call()
            if result >= 0 { return (result, 0) }
            let error = Glibc.errno
            if error != EINTR { return (result, error) }
        }
    }

    /// close(2), keeping errno of an earlier failure intact.
    static func close(_ fd: Int32) {
        guard fd >= 0 else { return }
        let saved = Glibc.errno
        _ = Glibc.close(fd)
        Glibc.errno = saved
    }

    /// `/proc/self/fd/N`: the path mount(2) follows to the file an O_PATH descriptor stands for.
    static func procPath(_ fd: Int32) -> String { "/proc/self/fd/\(fd)" }

    /// stat(2) of a path, following symlinks; nil with errno when it fails.
    static func fileStatus(_ path: String) -> (status: stat?, errno: Int32) {
        var status = stat()
        let result = retrying { stat(path, &status) }
        return result.result == 0 ? (status, 0) : (nil, result.errno)
    }

    /// O_PATH: a descriptor that names a file without opening it.
    static let pathOnly = Int32(MD_O_PATH)

    static func isDirectory(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFDIR }
    static func isRegularFile(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
    static func isBlockDevice(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFBLK }
}
