import Glibc
import LinuxSystem
import Spec

/// `linux.maskedPaths`, `linux.readonlyPaths` and `linux.rootfsPropagation`, carried out after pivot_root, so
/// that every path resolves inside the container's root (a symlink to `/` means the container's `/`).
public enum ProtectedPaths {
    /// Hides each path: /dev/null bound over a file, an empty read-only tmpfs over a folder, as runc does. A path
    /// that does not exist is skipped.
    public static func mask(_ paths: [String]) throws(MountError) {
        for path in paths {
            let what = "mask \(path)"
            let found = MountSyscall.fileStatus(path)
            guard let status = found.status else {
                if found.errno == ENOENT || found.errno == ENOTDIR { continue }
                throw MountError(what: what, syscall: "stat", errno: found.errno)
            }
            if MountSyscall.isDirectory(status.st_mode) {
                let covered = retryingOnInterrupt { mount("tmpfs", path, "tmpfs", MountFlags.readOnly.msFlags, "size=0,mode=0555") }
                guard covered.result == 0 else { throw MountError(what: what, syscall: "mount(tmpfs, MS_RDONLY)", errno: covered.errno) }
            } else {
                let bound = retryingOnInterrupt { mount("/dev/null", path, nil, MountFlags.bind.msFlags, nil) }
                guard bound.result == 0 else {
                    throw MountError(what: what, syscall: "mount(MS_BIND) /dev/null", errno: bound.errno,
                                     hint: bound.errno == ENOENT ? "the container has no /dev/null to mask it with (mount a tmpfs at /dev)" : nil)
                }
            }
        }
    }

    /// Remounts each path read-only, keeping the flags a bind mount must keep (nosuid, nodev, noexec, …); a path
    /// that does not exist is skipped.
    public static func makeReadonly(_ paths: [String]) throws(MountError) {
        for path in paths {
            let what = "make \(path) read-only"
            let bound = retryingOnInterrupt { mount(path, path, nil, MountFlags([.bind, .recursive]).msFlags, nil) }
            if bound.result != 0 && bound.errno == ENOENT { continue }
            guard bound.result == 0 else { throw MountError(what: what, syscall: "mount(MS_BIND|MS_REC) onto itself", errno: bound.errno) }
            let current = MountFlags.current(of: path)
            guard let flags = current.flags else { throw MountError(what: what, syscall: "statvfs", errno: current.errno) }
            let remount = MountFlags([.remount, .bind, .readOnly, .recursive]).union(flags)
            let made = retryingOnInterrupt { mount(nil, path, nil, remount.msFlags, nil) }
            guard made.result == 0 else { throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_BIND|MS_RDONLY)", errno: made.errno) }
        }
    }

    /// The propagation flags of a `linux.rootfsPropagation` word (`rslave` → MS_SLAVE|MS_REC).
    public static func propagationFlags(_ word: String) -> MountFlags? {
        let recursive = word.hasPrefix("r")
        let base: MountFlags
        switch recursive ? String(word.dropFirst()) : word {
        case "private": base = .private
        case "shared": base = .shared
        case "slave": base = .slave
        case "unbindable": base = .unbindable
        default: return nil
        }
        return recursive ? base.union(.recursive) : base
    }

    /// Sets the propagation of `/` (after pivot_root) to `word`.
    public static func setRootPropagation(_ word: String) throws(MountError) {
        let what = "make / \(word)"
        guard let flags = propagationFlags(word) else { throw MountError(what: what, hint: "unknown propagation `\(word)`") }
        let made = retryingOnInterrupt { mount(nil, "/", nil, flags.msFlags, nil) }
        guard made.result == 0 else { throw MountError(what: what, syscall: "mount / (\(word))", errno: made.errno) }
    }
}
