import LinuxSystem
import CShim
import Glibc

/// Small helpers the mount code shares (system calls go through ``retryingOnInterrupt(_:)``).
enum MountSyscall {
    /// `/proc/self/fd/N`: the path mount(2) follows to the file an O_PATH descriptor stands for.
    static func procPath(_ fd: Int32) -> String { "/proc/self/fd/\(fd)" }

    /// stat(2) of a path, following symlinks; nil with errno when it fails.
    static func fileStatus(_ path: String) -> (status: stat?, errno: Int32) {
        var status = stat()
        let result = retryingOnInterrupt { stat(path, &status) }
        return result.result == 0 ? (status, 0) : (nil, result.errno)
    }

    /// O_PATH: a descriptor that names a file without opening it.
    static let pathOnly = Int32(MD_O_PATH)

    static func isDirectory(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFDIR }
    static func isRegularFile(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
    static func isBlockDevice(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFBLK }
}
