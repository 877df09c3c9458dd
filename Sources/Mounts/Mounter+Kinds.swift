import LinuxSystem
import CShim
import Glibc
import Spec

extension Mounter {
    /// bind/rbind: the bind, then — because the kernel ignores ro/nosuid/nodev/noexec on the bind
    /// call itself — a second pass that sets them: a MS_REMOUNT|MS_BIND with the mount's current
    /// (possibly locked) flags kept, or for rbind mount_setattr(AT_RECURSIVE) so submounts get them too.
    static func bind(_ m: ContainerSpec.Mount, options: ResolvedMountOptions, target: MountTarget) throws(MountError) {
        let what = target.what
        guard let source = m.resolvedSource ?? m.source else {
            throw MountError(what: what, hint: "a bind mount needs a source")
        }
        let found = MountSyscall.fileStatus(source)
        guard let status = found.status else {
            throw MountError(what: what, syscall: "stat \(source)", errno: found.errno)
        }
        let kind: MountPoint.Kind = MountSyscall.isDirectory(status.st_mode) ? .directory : .file
        let bindFlags: MountFlags = options.recursiveBind ? [.bind, .recursive] : [.bind]
        try target.with(creating: kind) { (path, _) throws(MountError) in
            let made = retryingOnInterrupt { Glibc.mount(source, path, nil, bindFlags.msFlags, nil) }
            guard made.result == 0 else {
                throw MountError(what: what, syscall: "mount(MS_BIND\(options.recursiveBind ? "|MS_REC" : ""))", errno: made.errno)
            }
        }
        let changed = options.flags.union(options.clearedFlags).intersection(.perMountPoint)
        guard !changed.isEmpty else { return }
        // Reopen: the descriptor used above names the directory under the new mount, not the mount.
        try target.with(creating: kind) { (path, fd) throws(MountError) in
            if options.recursiveBind {
                var clear = options.clearedFlags.intersection(.perMountPoint).mountAttributes
                if !changed.intersection(MountFlags.atimeChoices).isEmpty { clear |= UInt32(MD_MOUNT_ATTR__ATIME) }
                let set = options.flags.intersection(.perMountPoint).mountAttributes
                let made = retryingOnInterrupt { md_mount_setattr(fd, 1, UInt64(set), UInt64(clear)) }
                guard made.result == 0 else {
                    throw MountError(what: what, syscall: "mount_setattr(AT_RECURSIVE)", errno: made.errno)
                }
                return
            }
            let current = MountFlags.current(of: path)
            guard let flags = current.flags else {
                throw MountError(what: what, syscall: "statvfs \(m.destination)", errno: current.errno)
            }
            let remount = MountFlags([.remount, .bind]).union(MountFlags.bindRemount(requested: options, current: flags))
            let made = retryingOnInterrupt { Glibc.mount(nil, path, nil, remount.msFlags, nil) }
            guard made.result == 0 else {
                throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_BIND)", errno: made.errno)
            }
        }
    }

    /// Any other file system: tmpfs, proc, sysfs, devpts, mqueue, cgroup2, … with its data words.
    static func mountFileSystem(_ m: ContainerSpec.Mount, options: ResolvedMountOptions, target: MountTarget,
                                mountLabel: String? = nil) throws(MountError) {
        let what = target.what
        guard let type = m.type, !type.isEmpty else {
            throw MountError(what: what, hint: "give the file system type (type: tmpfs, proc, ext4, …) or the \"bind\" option")
        }
        // A source naming a file (a device) is used as resolved against the spec's folder; other sources are labels.
        let source = (m.source?.contains("/") == true ? m.resolvedSource : nil) ?? m.source ?? type
        var data = options.data.isEmpty ? nil : options.dataString
        if let mountLabel { data = MountLabel.data(data, type: type, label: mountLabel) }
        let flags = options.flags.subtracting([.remount, .bind, .move])
        func mountIt(_ flags: MountFlags) throws(MountError) {
            try target.with(creating: .directory) { (path, _) throws(MountError) in
                let made = retryingOnInterrupt { Glibc.mount(source, path, type, flags.msFlags, data) }
                guard made.result == 0 else {
                    if let hint = MountFailure.blockDeviceHint(m, errno: made.errno) {
                        throw MountError(what: what, hint: hint)
                    }
                    throw MountError(what: what, syscall: "mount", errno: made.errno,
                                    hint: made.errno == ENODEV ? MountFailure.noSuchFileSystemHint(type) : nil)
                }
            }
        }
        guard options.copyUp && type == "tmpfs" else { return try mountIt(flags) }

        // tmpcopyup (``CopyUp``): the directory the tmpfs will cover, opened for reading before it is covered; a
        // read-only tmpfs is made writable for the copy, then remounted read-only.
        let covered = FileDescriptor(owning: try target.with(creating: .directory) { (path, _) throws(MountError) in
            try opened(path, what: what, purpose: "the directory to copy up").release()
        })
        try mountIt(flags.subtracting(.readOnly))
        // Reopen: the descriptor used above names the covered directory, not the new mount.
        try target.with(creating: .directory) { (path, _) throws(MountError) in
            let tmpfs = try opened(path, what: what, purpose: "the new tmpfs")
            do throws(SystemError) {
                try CopyUp.copyTree(from: covered, to: tmpfs)
            } catch {
                throw MountError(what: what, cause: SystemError(call: error.call, errno: error.errno,
                    hint: "copying the covered directory into the tmpfs (tmpcopyup) failed"))
            }
            guard flags.contains(.readOnly) else { return }
            let remount = retryingOnInterrupt { Glibc.mount(nil, path, nil, flags.union(.remount).msFlags, data) }
            guard remount.result == 0 else {
                throw MountError(what: what, syscall: "mount(MS_REMOUNT|MS_RDONLY)", errno: remount.errno)
            }
        }
    }

    /// A directory opened for reading through its `/proc/self/fd/N` path.
    private static func opened(_ path: String, what: String, purpose: String) throws(MountError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        } catch {
            throw MountError(what: what, cause: SystemError(call: "open \(purpose)", errno: error.errno))
        }
    }
}
