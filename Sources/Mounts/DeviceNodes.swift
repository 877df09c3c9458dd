import CShim
import Glibc
import LinuxSystem
import Spec

/// The device nodes of a container, made in its root before pivot_root: `linux.devices` and the defaults the
/// OCI spec lists. Every path is resolved inside the root (``MountPoint``), so a symlink in the root file system
/// cannot lead a node onto the host.
public enum DeviceNodes {
    /// The links every container with a /dev of its own gets: name in /dev → target.
    public static let defaultLinks: [(name: String, target: String)] = [
        ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"),
        ("ptmx", "pts/ptmx"),
    ]

    /// Makes each device in `rootfs` (absolute, before pivot_root): mknod with the device's mode and owner; where
    /// mknod is not allowed (in a user namespace), an empty file with the host's node of the same path bound onto
    /// it, as runc does. With `links`, the default links of ``defaultLinks`` too (an existing /dev/ptmx is replaced
    /// by the link to the container's own devpts).
    public static func create(_ devices: [ContainerSpec.Device], links: Bool, rootfs: String) throws(MountError) {
        let rootFD = retryingOnInterrupt { open(rootfs, MountSyscall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
        guard rootFD.result >= 0 else { throw MountError(what: "open the root \(rootfs)", syscall: "open", errno: rootFD.errno) }
        defer { Sys.closeKeepingErrno(rootFD.result) }
        let previous = umask(0)
        defer { umask(previous) }
        var parent = ParentDirectory(rootFD: rootFD.result)
        for device in devices {
            try create(device, in: &parent)
        }
        if links {
            for link in defaultLinks {
                try createLink(link.name, to: link.target, in: &parent)
            }
        }
    }

    /// The folder the last node or link was made in, kept open for the next (they are all in /dev, as a rule): each
    /// folder is found (or made) inside the root as ``MountPoint`` does, once rather than once per node.
    struct ParentDirectory: ~Copyable {
        let rootFD: Int32
        private var path = ""
        private var fd: Int32 = -1

        init(rootFD: Int32) {
            self.rootFD = rootFD
        }

        /// The folder at `path` in the root, open (O_PATH), made when missing; owned here.
        mutating func open(_ path: String) throws(SystemError) -> Int32 {
            if fd >= 0 && self.path == path { return fd }
            let opened = try MountPoint.openOrCreate(in: rootFD, path, as: .directory)
            if fd >= 0 { Sys.closeKeepingErrno(fd) }
            self.path = path
            fd = opened
            return opened
        }

        deinit {
            if fd >= 0 { Sys.closeKeepingErrno(fd) }
        }
    }

    static func create(_ device: ContainerSpec.Device, in parent: inout ParentDirectory) throws(MountError) {
        let what = "create device \(device.path) (\(device.type) \(device.major):\(device.minor))"
        let parts = MountPoint.components(device.path)
        guard let name = parts.last, name != ".." else {
            throw MountError(what: what, hint: "the path names no file")
        }
        let parentFD: Int32
        do {
            parentFD = try parent.open(Joined.strings(parts.dropLast(), separator: "/"))
        } catch {
            throw MountError(what: what, cause: error)
        }
        let mode = mode_t(device.fileMode ?? 0o666) | fileType(device.type)
        let number = device.type == "p" ? 0 : makedev(UInt32(truncatingIfNeeded: device.major), UInt32(truncatingIfNeeded: device.minor))
        let made = retryingOnInterrupt { mknodat(parentFD, name, mode, number) }
        if made.result == 0 {
            let owned = retryingOnInterrupt { fchownat(parentFD, name, device.uid ?? 0, device.gid ?? 0, AT_SYMLINK_NOFOLLOW) }
            guard owned.result == 0 else { throw MountError(what: what, syscall: "fchownat", errno: owned.errno) }
            return
        }
        switch made.errno {
        case EEXIST:
            return  // the root file system has it already: keep it, as runc does
        case EPERM where device.type != "p":
            try bindHostNode(device, name: name, in: parentFD, what: what)
        default:
            throw MountError(what: what, syscall: "mknodat", errno: made.errno)
        }
    }

    /// In a user namespace: an empty file, and the host's node at the same path bound onto it.
    static func bindHostNode(_ device: ContainerSpec.Device, name: String, in parentFD: Int32, what: String) throws(MountError) {
        let file = retryingOnInterrupt { openat(parentFD, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        guard file.result >= 0 else { throw MountError(what: what, syscall: "openat(O_CREAT) for a bind of the host's node", errno: file.errno) }
        Sys.closeKeepingErrno(file.result)
        let target = retryingOnInterrupt { openat(parentFD, name, MountSyscall.pathOnly | O_NOFOLLOW | O_CLOEXEC) }
        guard target.result >= 0 else { throw MountError(what: what, syscall: "openat", errno: target.errno) }
        defer { Sys.closeKeepingErrno(target.result) }
        let bound = retryingOnInterrupt { mount(device.path, MountSyscall.procPath(target.result), nil, MountFlags.bind.msFlags, nil) }
        guard bound.result == 0 else {
            throw MountError(what: what, syscall: "mount(MS_BIND) of the host's \(device.path)", errno: bound.errno,
                             hint: bound.errno == ENOENT ? "mknod is not allowed in a user namespace, and the host has no \(device.path) to bind" : nil)
        }
    }

    static func createLink(_ name: String, to target: String, in parent: inout ParentDirectory) throws(MountError) {
        let what = "link /dev/\(name) to \(target)"
        let devFD: Int32
        do {
            devFD = try parent.open("dev")
        } catch {
            throw MountError(what: what, cause: error)
        }
        if name == "ptmx" {
            let removed = retryingOnInterrupt { unlinkat(devFD, name, 0) }
            guard removed.result == 0 || removed.errno == ENOENT else { throw MountError(what: what, syscall: "unlinkat", errno: removed.errno) }
        }
        let made = retryingOnInterrupt { symlinkat(target, devFD, name) }
        guard made.result == 0 || made.errno == EEXIST else { throw MountError(what: what, syscall: "symlinkat", errno: made.errno) }
    }

    /// /dev/console as the container's terminal, as runc makes it: the terminal's slave (`source`, a path this
    /// process can see) bound onto an empty file at /dev/console of `rootfs` (before pivot_root), or of `/`
    /// (after it; nil). Only in a /dev the spec mounts, so that the root file system on disk never changes.
    public static func bindConsole(from source: String, rootfs: String?) throws(MountError) {
        let what = "bind the terminal onto /dev/console"
        if let rootfs {
            let rootFD = retryingOnInterrupt { open(rootfs, MountSyscall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
            guard rootFD.result >= 0 else { throw MountError(what: what, syscall: "open the root \(rootfs)", errno: rootFD.errno) }
            defer { Sys.closeKeepingErrno(rootFD.result) }
            let target = MountTarget(rootFD: rootFD.result, destination: "/dev/console", what: what)
            try target.with(creating: .file) { (path, _) throws(MountError) in
                let bound = retryingOnInterrupt { mount(source, path, nil, MountFlags.bind.msFlags, nil) }
                guard bound.result == 0 else { throw MountError(what: what, syscall: "mount(MS_BIND) \(source)", errno: bound.errno) }
            }
            return
        }
        let made = retryingOnInterrupt { open("/dev/console", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard made.result >= 0 else { throw MountError(what: what, syscall: "open(O_CREAT) /dev/console", errno: made.errno) }
        Sys.closeKeepingErrno(made.result)
        let bound = retryingOnInterrupt { mount(source, "/dev/console", nil, MountFlags.bind.msFlags, nil) }
        guard bound.result == 0 else { throw MountError(what: what, syscall: "mount(MS_BIND) \(source)", errno: bound.errno) }
    }

    static func fileType(_ type: String) -> mode_t {
        switch type {
        case "b": S_IFBLK
        case "p": S_IFIFO
        default: S_IFCHR
        }
    }

    static func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
        // glibc's gnu_dev_makedev, which Swift does not import as a function.
        let major = UInt64(major), minor = UInt64(minor)
        return dev_t(((major & 0xfffff000) << 32) | ((major & 0x00000fff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0x000000ff))
    }
}
