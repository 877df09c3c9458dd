import LinuxSystem
import CShim
import Glibc
import Spec

/// A mount of a block device made in the parent, in the host's namespaces, and attached nowhere:
/// fsopen → fsconfig → fsmount. The child moves it into its own tree with ``Mounter/mount(_:index:rootfs:detachedFD:)``.
///
/// This is how a loop-mounted image reaches a container with a user namespace: the kernel lets only
/// the initial user namespace mount block file systems, so the child could not mount it itself.
/// The mount never appears in the host's mount table. Closing the last descriptor of a mount
/// that was never moved dissolves it (and with it, an autoclear loop device).
public final class DetachedMount {
    /// The mount, NOT close-on-exec: the re-executed child inherits it and moves it into place. Closed by
    /// ``close()`` or when this goes away.
    private var mount: FileDescriptor?

    init(_ mount: consuming FileDescriptor) {
        self.mount = .some(mount)
    }

    /// The descriptor number, -1 once closed.
    public var fd: Int32 { mount?.rawValue ?? -1 }

    /// Makes a detached mount of `device` as `fsType` with the mount's options: data words become
    /// fsconfig parameters, `ro`/`sync`/… superblock flags, and nosuid/nodev/noexec/atime/… mount attributes.
    /// `fsType` "auto" (a spec without `type`): the type is read from the device's signature.
    ///
    /// `inheritable` (the default) clears close-on-exec so the re-executed child inherits the mount.
    /// Any other process started meanwhile inherits it too and keeps the mount (and its loop device)
    /// alive until it exits: a multi-threaded caller that starts processes passes false.
    public static func create(
        device: String, fsType requestedType: String, options: ResolvedMountOptions, inheritable: Bool = true
    ) throws(MountError) -> DetachedMount {
        // Failures name the image behind a loop device: "mount /dev/loop3 (/srv/data.img) as ext4".
        // Looked up only then (it is a sysfs read).
        func shown() -> String { LoopAttachment.backingFile(of: device).map { "\(device) (\($0))" } ?? device }
        var fsType = requestedType
        func what() -> String { "mount \(shown()) as \(fsType)" }
        if !options.unknown.isEmpty {
            throw MountError(what: what(), hint: MountFailure.unknownOptionsHint(options.unknown))
        }
        if requestedType == "auto" || requestedType.isEmpty {
            let probed = FileSystemProbe.type(ofDevice: device)
            guard let type = probed.type else {
                throw MountError(what: what(), syscall: probed.errno == 0 ? nil : "read \(device)", errno: probed.errno,
                                hint: probed.errno == 0 ? "no known file system signature on \(shown()): give the mount a type" : nil)
            }
            fsType = type
        }
        let context = retryingOnInterrupt { md_fsopen(fsType) }
        guard context.result >= 0 else {
            throw MountError(what: what(), syscall: "fsopen(\"\(fsType)\")", errno: context.errno,
                            hint: context.errno == ENODEV ? MountFailure.noSuchFileSystemHint(fsType) : nil)
        }
        defer { Sys.closeKeepingErrno(context.result) }

        try configure(context.result, key: "source", value: device, what: what)
        for (key, value) in parameters(of: options) {
            try configure(context.result, key: key, value: value, what: what)
        }
        let created = retryingOnInterrupt { md_fsconfig_create(context.result) }
        guard created.result == 0 else {
            let fallback = created.errno == EINVAL
                ? "\(shown()) holds no \(fsType) file system the kernel can mount (dmesg may say more)" : nil
            throw MountError(what: what(), syscall: "fsconfig(FSCONFIG_CMD_CREATE)", errno: created.errno,
                            hint: kernelLog(context.result) ?? fallback)
        }
        let mounted = retryingOnInterrupt { md_fsmount(context.result, options.flags.mountAttributes) }
        guard mounted.result >= 0 else {
            throw MountError(what: what(), syscall: "fsmount", errno: mounted.errno, hint: kernelLog(context.result))
        }
        let mount = FileDescriptor(owning: mounted.result)
        guard inheritable else { return DetachedMount(mount) }
        // fsmount made it close-on-exec; hand it on to the child we are about to start.
        let cleared = retryingOnInterrupt { fcntl(mount.rawValue, F_SETFD, 0) }
        guard cleared.result == 0 else {
            throw MountError(what: what(), syscall: "fcntl(F_SETFD)", errno: cleared.errno)
        }
        return DetachedMount(mount)
    }

    /// Closes this process's descriptor. Before the child moved the mount, this dissolves it.
    public func close() {
        mount = nil
    }

    /// The fsconfig parameters of a mount's options, in spec order: superblock flags, then data words
    /// (bare words as flags, `key=value` as strings).
    static func parameters(of options: ResolvedMountOptions) -> [(key: String, value: String?)] {
        var parameters: [(key: String, value: String?)] = []
        // The superblock flags the VFS understands as fsconfig parameters (fs/fs_context.c).
        let superblockFlags: [(MountFlags, String)] = [
            (.readOnly, "ro"), (.synchronous, "sync"), (.dirSync, "dirsync"),
            (.lazyTime, "lazytime"), (.mandatoryLock, "mand"), (.silent, "silent"),
        ]
        for (flag, key) in superblockFlags where options.flags.contains(flag) {
            parameters.append((key, nil))
        }
        for word in options.data {
            if let eq = word.firstIndex(of: "=") {
                parameters.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
            } else {
                parameters.append((word, nil))
            }
        }
        return parameters
    }

    private static func configure(_ context: Int32, key: String, value: String?, what: () -> String) throws(MountError) {
        let result: (result: Int32, errno: Int32)
        let call: String
        if let value {
            result = retryingOnInterrupt { md_fsconfig_set_string(context, key, value) }
            call = "fsconfig(FSCONFIG_SET_STRING, \"\(key)\", \"\(value)\")"
        } else {
            result = retryingOnInterrupt { md_fsconfig_set_flag(context, key) }
            call = "fsconfig(FSCONFIG_SET_FLAG, \"\(key)\")"
        }
        guard result.result == 0 else {
            throw MountError(what: what(), syscall: call, errno: result.errno, hint: kernelLog(context))
        }
    }

    /// The messages the file system left in the context's log ("e ext4: …" lines), joined; nil when none.
    static func kernelLog(_ context: Int32) -> String? {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while messages.count < 16 {
            let count = buffer.withUnsafeMutableBytes { read(context, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var line = String(decoding: buffer[0..<count], as: UTF8.self)
            // Each message is "e text", "w text" or "i text": keep the text.
            if line.count > 2, line.dropFirst().first == " " { line = String(line.dropFirst(2)) }
            while line.last == "\n" { line.removeLast() }
            messages.append(line)
        }
        return messages.isEmpty ? nil : "kernel says: " + messages.joined(separator: "; ")
    }
}
