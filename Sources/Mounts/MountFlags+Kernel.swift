import LinuxSystem
import CShim
import Glibc
import Spec

extension MountFlags {
    /// The flags mount(2) takes (MountFlags' raw values are the kernel's MS_* bits).
    var msFlags: UInt { rawValue }

    /// The atime setting is one choice among these three (none of them: the kernel's default, relatime).
    static let atimeChoices: MountFlags = [.noAtime, .relatime, .strictAtime]

    /// The per-mount-point flags as MOUNT_ATTR_* bits for fsmount(2) and mount_setattr(2).
    /// `noatime`/`strictatime`/`relatime` are values of the MOUNT_ATTR__ATIME field, not bits.
    var mountAttributes: UInt32 {
        var attributes: UInt32 = 0
        if contains(.readOnly) { attributes |= UInt32(MD_MOUNT_ATTR_RDONLY) }
        if contains(.noSUID) { attributes |= UInt32(MD_MOUNT_ATTR_NOSUID) }
        if contains(.noDev) { attributes |= UInt32(MD_MOUNT_ATTR_NODEV) }
        if contains(.noExec) { attributes |= UInt32(MD_MOUNT_ATTR_NOEXEC) }
        if contains(.noDirAtime) { attributes |= UInt32(MD_MOUNT_ATTR_NODIRATIME) }
        if contains(.noSymFollow) { attributes |= UInt32(MD_MOUNT_ATTR_NOSYMFOLLOW) }
        if contains(.noAtime) {
            attributes |= UInt32(MD_MOUNT_ATTR_NOATIME)
        } else if contains(.strictAtime) {
            attributes |= UInt32(MD_MOUNT_ATTR_STRICTATIME)
        }
        return attributes
    }

    /// The per-mount-point flags statvfs(3) reports in `f_flag` (ST_* bits), as MS_* flags.
    ///
    /// A mount copied into a user namespace has these locked: a bind remount that leaves any of
    /// them out fails with EPERM, so remounts OR them in. Neither ST_NOATIME nor ST_RELATIME
    /// means strictatime, which must be spelled out too.
    init(statvfsFlags flag: UInt) {
        self = []
        if flag & 0x0001 != 0 { insert(.readOnly) }     // ST_RDONLY
        if flag & 0x0002 != 0 { insert(.noSUID) }       // ST_NOSUID
        if flag & 0x0004 != 0 { insert(.noDev) }        // ST_NODEV
        if flag & 0x0008 != 0 { insert(.noExec) }       // ST_NOEXEC
        if flag & 0x0800 != 0 { insert(.noDirAtime) }   // ST_NODIRATIME
        if flag & 0x2000 != 0 { insert(.noSymFollow) }  // ST_NOSYMFOLLOW
        if flag & 0x0400 != 0 {                          // ST_NOATIME
            insert(.noAtime)
        } else if flag & 0x1000 != 0 {                   // ST_RELATIME
            insert(.relatime)
        } else {
            insert(.strictAtime)
        }
    }

    /// The per-mount-point flags of the mount `path` is on, or nil with errno.
    static func current(of path: String) -> (flags: MountFlags?, errno: Int32) {
        var status = statvfs()
        let result = retryingOnInterrupt { statvfs(path, &status) }
        guard result.result == 0 else { return (nil, result.errno) }
        return (MountFlags(statvfsFlags: status.f_flag), 0)
    }

    /// The flags of a bind remount: what the options ask for, plus what the mount has now
    /// (locked or not) unless the options changed it. Keeps the atime choice when the options make none.
    static func bindRemount(requested options: ResolvedMountOptions, current: MountFlags) -> MountFlags {
        let asked = options.flags.intersection(.perMountPoint)
        var kept = current.subtracting(options.clearedFlags)
        if !asked.intersection(atimeChoices).isEmpty || !options.clearedFlags.intersection(atimeChoices).isEmpty {
            kept.subtract(atimeChoices)
        }
        return asked.union(kept)
    }
}
