import LinuxSystem
import CShim
import Glibc

/// A file system image attached to a free loop device, held open by the parent.
///
/// The device is configured with LO_FLAGS_AUTOCLEAR: the kernel detaches it when its last user
/// goes away — this descriptor and any mount of the device. So once a ``DetachedMount`` holds the
/// device, the parent calls ``close()``, and however mydocker ends (even SIGKILL) the device
/// disappears with the last mount.
public final class LoopAttachment {
    /// `/dev/loopN`.
    public let devicePath: String
    /// The open loop device (close-on-exec), until ``close()``.
    private var device: FileDescriptor?
    /// N of /dev/loopN.
    public let number: Int32

    init(devicePath: String, device: consuming FileDescriptor, number: Int32) {
        self.devicePath = devicePath
        self.device = .some(device)
        self.number = number
    }

    /// The descriptor number of the open device, -1 once closed.
    public var fd: Int32 { device?.rawValue ?? -1 }

    /// How many times a free device is looked for when another process takes it first.
    static let attempts = 64

    /// Attaches `image` to a free loop device, read-only when `readOnly` (the image is then opened read-only too).
    ///
    /// LOOP_CTL_GET_FREE hands every caller the same free device until one of them binds it, so
    /// racing callers get EBUSY from LOOP_CONFIGURE: they ask for a free device again.
    public static func attach(image: String, readOnly: Bool) throws(MountError) -> LoopAttachment {
        let what = "attach \(image) to a loop device"
        let imageFD = retryingOnInterrupt { open(image, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC) }
        guard imageFD.result >= 0 else {
            throw MountError(what: what, syscall: "open \(image)", errno: imageFD.errno,
                            hint: imageFD.errno == EROFS || imageFD.errno == EACCES ? "add the \"ro\" option to mount it read-only" : nil)
        }
        defer { Sys.closeKeepingErrno(imageFD.result) }

        let control = retryingOnInterrupt { open("/dev/loop-control", O_RDWR | O_CLOEXEC) }
        guard control.result >= 0 else {
            throw MountError(what: what, syscall: "open /dev/loop-control", errno: control.errno,
                            hint: control.errno == ENOENT ? "load the loop module: modprobe loop" : nil)
        }
        defer { Sys.closeKeepingErrno(control.result) }

        var lastBusy: (syscall: String, errno: Int32) = ("ioctl(LOOP_CONFIGURE)", EBUSY)
        for _ in 0..<attempts {
            let free = retryingOnInterrupt { md_loop_get_free(control.result) }
            guard free.result >= 0 else {
                throw MountError(what: what, syscall: "ioctl(LOOP_CTL_GET_FREE)", errno: free.errno)
            }
            let device = "/dev/loop\(free.result)"
            let loop = retryingOnInterrupt { open(device, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC) }
            guard loop.result >= 0 else {
                // The node may not exist yet (no udev) or may be going away: try another device.
                if loop.errno == ENOENT || loop.errno == ENXIO || loop.errno == EBUSY {
                    lastBusy = ("open \(device)", loop.errno)
                    continue
                }
                throw MountError(what: what, syscall: "open \(device)", errno: loop.errno)
            }
            var syscall = "ioctl(LOOP_CONFIGURE)"
            var bound = retryingOnInterrupt { md_loop_configure(loop.result, imageFD.result, readOnly ? 1 : 0, image) }
            if bound.result < 0 && bound.errno == EINVAL {
                // Kernels before 5.8 do not know LOOP_CONFIGURE.
                syscall = "ioctl(LOOP_SET_FD)"
                bound = retryingOnInterrupt { md_loop_set_fd_and_status(loop.result, imageFD.result, readOnly ? 1 : 0, image) }
            }
            if bound.result == 0 {
                return LoopAttachment(devicePath: device, device: FileDescriptor(owning: loop.result), number: free.result)
            }
            Sys.closeKeepingErrno(loop.result)
            guard bound.errno == EBUSY else {
                throw MountError(what: what, syscall: syscall + " on \(device)", errno: bound.errno)
            }
            lastBusy = (syscall + " on \(device)", bound.errno)
        }
        throw MountError(what: what, syscall: lastBusy.syscall, errno: lastBusy.errno,
                        hint: "every free loop device was taken by another process \(attempts) times in a row")
    }

    /// The file a loop device is attached to (/sys/block/loopN/loop/backing_file), or nil when
    /// `device` is not an attached loop device.
    public static func backingFile(of device: String) -> String? {
        guard device.hasPrefix("/dev/loop"), let number = Int(device.dropFirst("/dev/loop".count)) else { return nil }
        let fd = retryingOnInterrupt { open("/sys/block/loop\(number)/loop/backing_file", O_RDONLY | O_CLOEXEC) }
        guard fd.result >= 0 else { return nil }
        defer { Sys.closeKeepingErrno(fd.result) }
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBytes { read(fd.result, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        var text = String(decoding: buffer[0..<count], as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// Closes the parent's descriptor (as going away does). The device detaches now, or when the last mount of
    /// it goes.
    public func close() {
        device = nil
    }
}
