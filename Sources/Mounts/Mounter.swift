import LinuxSystem
import CShim
import Glibc
import Spec

/// The child's mount work, in its own mount namespace: make the tree private, carry out the
/// spec's mounts inside the rootfs, pivot into it, and make it read-only.
public enum Mounter {
    /// mount --make-rprivate /: nothing done from here on propagates to the host.
    public static func makePrivate() throws(MountError) {
        let made = retryingOnInterrupt { Glibc.mount(nil, "/", nil, MountFlags([.recursive, .private]).msFlags, nil) }
        guard made.result == 0 else {
            throw MountError(what: "make every mount private", syscall: "mount(MS_REC|MS_PRIVATE) /", errno: made.errno)
        }
    }

    /// Carries out mount number `index` of the spec.
    ///
    /// - `rootfs`: the absolute rootfs path (before pivot_root); the destination is resolved inside it
    ///   and never leaves it. Nil: the host's tree (in the container's mount namespace).
    /// - `detachedFD`: for a `loop` mount, the ``DetachedMount`` the parent prepared; it is moved into
    ///   place and closed (also when the mount fails).
    /// - `cgroupViews`: what a `cgroup` mount shows (``mountCgroupView(_:options:target:views:)``).
    /// - `mountLabel`: the SELinux context of file system mounts, when SELinux is active (``MountLabel``).
    public static func mount(_ m: ContainerSpec.Mount, index: Int, rootfs: String?, detachedFD: Int32?,
                             cgroupViews: [CgroupView] = [], mountLabel: String? = nil) throws(MountError) {
        defer { if let detachedFD { Sys.closeKeepingErrno(detachedFD) } }
        let what = m.failureLabel(index: index)
        let options = m.resolvedOptions
        if !options.unknown.isEmpty {
            throw MountError(what: what, hint: MountFailure.unknownOptionsHint(options.unknown))
        }
        var rootFD: Int32?
        if let rootfs {
            try makeMountRoot(rootfs, what: what)
            let opened = retryingOnInterrupt { open(rootfs, MountSyscall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
            guard opened.result >= 0 else {
                throw MountError(what: what, syscall: "open rootfs \(rootfs)", errno: opened.errno)
            }
            rootFD = opened.result
        }
        defer { if let rootFD { Sys.closeKeepingErrno(rootFD) } }
        let target = MountTarget(rootFD: rootFD, destination: m.destination, what: what)

        if m.isLoop {
            guard let detachedFD else {
                throw MountError(what: what, hint: "the parent prepared no mount of the loop device for it")
            }
            try target.with(creating: .directory) { (_, fd) throws(MountError) in
                let moved = retryingOnInterrupt { md_move_mount(detachedFD, fd) }
                guard moved.result == 0 else {
                    throw MountError(what: what, syscall: "move_mount", errno: moved.errno)
                }
            }
        } else if m.isBind {
            try bind(m, options: options, target: target)
        } else if m.type == "cgroup" {
            try mountCgroupView(m, options: options, target: target, views: cgroupViews)
        } else {
            try mountFileSystem(m, options: options, target: target, mountLabel: mountLabel)
        }

        if !options.propagation.isEmpty {
            try target.with(creating: .directory) { (path, _) throws(MountError) in
                let changed = retryingOnInterrupt { Glibc.mount(nil, path, nil, options.propagation.msFlags, nil) }
                guard changed.result == 0 else {
                    throw MountError(what: what, syscall: "mount(propagation)", errno: changed.errno)
                }
            }
        }
    }

    /// pivot_root into `path` the runc way: no directory for the old root is needed. `path` is made
    /// a mount point first when it is not one (bind-mounted onto itself); the old root, stacked on
    /// top by pivot_root(".", "."), is unmounted and detached.
    public static func pivotRoot(_ path: String) throws(MountError) {
        let what = "pivot_root into \(path)"
        try makeMountRoot(path, what: what)
        let entered = retryingOnInterrupt { chdir(path) }
        guard entered.result == 0 else { throw MountError(what: what, syscall: "chdir \(path)", errno: entered.errno) }
        let pivoted = retryingOnInterrupt { md_pivot_root(".", ".") }
        guard pivoted.result == 0 else { throw MountError(what: what, syscall: "pivot_root", errno: pivoted.errno) }
        let detached = retryingOnInterrupt { umount2(".", Int32(MNT_DETACH)) }
        guard detached.result == 0 else {
            throw MountError(what: what, syscall: "umount2(MNT_DETACH) of the old root", errno: detached.errno)
        }
        let home = retryingOnInterrupt { chdir("/") }
        guard home.result == 0 else { throw MountError(what: what, syscall: "chdir /", errno: home.errno) }
    }

    /// `--no-pivot`, runc's way into a root where pivot_root cannot work (a root file system on a ramdisk): `path`
    /// (made a mount point first, as for pivot_root) is moved over / (MS_MOVE), then chroot into it. The old root's
    /// mounts stay in the container's mount namespace, out of its sight but not out of reach of CAP_SYS_CHROOT:
    /// pivot_root is the default for that reason, as with runc.
    public static func moveRoot(_ path: String) throws(MountError) {
        try chroot(into: path, movingOverSlash: true, what: "move \(path) over / and chroot into it (--no-pivot)")
    }

    /// Into the root without a mount namespace of its own (runc's way for such an OCI config): `path`, made a mount
    /// point first (so that root.readonly remounts the container's bind, never the host's file system), then chroot.
    /// Nothing is moved over the host's /.
    public static func chrootRoot(_ path: String) throws(MountError) {
        try chroot(into: path, movingOverSlash: false, what: "chroot into \(path) (no mount namespace)")
    }

    /// What ``moveRoot(_:)`` and ``chrootRoot(_:)`` share: `path` made a mount point, entered, moved over / when
    /// asked (only ever inside a mount namespace of the container's own), then chroot into it.
    static func chroot(into path: String, movingOverSlash: Bool, what: String) throws(MountError) {
        try makeMountRoot(path, what: what)
        let entered = retryingOnInterrupt { chdir(path) }
        guard entered.result == 0 else { throw MountError(what: what, syscall: "chdir \(path)", errno: entered.errno) }
        if movingOverSlash {
            let moved = retryingOnInterrupt { Glibc.mount(path, "/", nil, UInt(MS_MOVE), nil) }
            guard moved.result == 0 else { throw MountError(what: what, syscall: "mount(MS_MOVE) \(path) /", errno: moved.errno) }
        }
        let rooted = retryingOnInterrupt { Glibc.chroot(".") }
        guard rooted.result == 0 else { throw MountError(what: what, syscall: "chroot", errno: rooted.errno) }
        let home = retryingOnInterrupt { chdir("/") }
        guard home.result == 0 else { throw MountError(what: what, syscall: "chdir /", errno: home.errno) }
    }

    /// Makes / read-only (root.readonly), keeping its other per-mount flags (they may be locked).
    public static func remountRootReadonly() throws(MountError) {
        let what = "remount / read-only"
        let current = MountFlags.current(of: "/")
        guard let flags = current.flags else { throw MountError(what: what, syscall: "statvfs /", errno: current.errno) }
        let remountFlags = MountFlags([.remount, .bind, .readOnly]).union(flags)
        let made = retryingOnInterrupt { Glibc.mount(nil, "/", nil, remountFlags.msFlags, nil) }
        guard made.result == 0 else {
            throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_BIND|MS_RDONLY) /", errno: made.errno)
        }
    }

    /// Bind-mounts `path` onto itself when it is not the root of a mount (pivot_root needs one, and
    /// the spec's mounts then land on the container's own copy of the tree).
    static func makeMountRoot(_ path: String, what: String) throws(MountError) {
        let check = retryingOnInterrupt { md_is_mount_root(AT_FDCWD, path) }
        guard check.result >= 0 else { throw MountError(what: what, syscall: "statx \(path)", errno: check.errno) }
        guard check.result == 0 else { return }
        let made = retryingOnInterrupt { Glibc.mount(path, path, nil, MountFlags([.bind, .recursive]).msFlags, nil) }
        guard made.result == 0 else {
            throw MountError(what: what, syscall: "mount(MS_BIND|MS_REC) \(path) onto itself", errno: made.errno)
        }
    }
}
