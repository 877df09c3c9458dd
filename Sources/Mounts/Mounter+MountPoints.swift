import Glibc
import LinuxSystem
import Spec

extension Mounter {
    /// Makes, ahead of the mounts, the mount points `mounts` would create in the root file system itself: those
    /// missing there and not beneath an earlier mount's destination (those are made in that mount, by its turn).
    ///
    /// For a child that becomes root in its user namespace before its mounts (runc's order; see
    /// ``UserNamespaceRoot``), while it still has the host uid that owns the root file system: as the namespace's
    /// root it could not add a directory to a rootfs the host's root owns, as mydocker has always allowed.
    /// Best effort: a mount point that cannot be made here is tried again, and its failure reported, by its mount.
    public static func makeMountPointsInRoot(_ mounts: [ContainerSpec.Mount], rootfs: String) {
        let opened = retryingOnInterrupt { open(rootfs, MountSyscall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
        guard opened.result >= 0 else { return }
        defer { Sys.closeKeepingErrno(opened.result) }
        var earlier: [[String]] = []
        for mount in mounts {
            let parts = MountPoint.components(mount.destination)
            defer { earlier.append(parts) }
            guard !parts.isEmpty, !earlier.contains(where: { parts.starts(with: $0) }) else { continue }
            if let fd = try? MountPoint.openOrCreate(in: opened.result, mount.destination, as: mountPointKind(of: mount)) {
                Sys.closeKeepingErrno(fd)
            }
        }
    }

    /// What a mount's mount point is: a file for a bind mount of a file, else a directory.
    static func mountPointKind(of mount: ContainerSpec.Mount) -> MountPoint.Kind {
        guard mount.isBind, let source = mount.resolvedSource ?? mount.source,
              let status = MountSyscall.fileStatus(source).status else { return .directory }
        return MountSyscall.isDirectory(status.st_mode) ? .directory : .file
    }
}
