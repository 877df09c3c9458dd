import LinuxSystem
import Glibc

/// Which file system a device holds, from the magic numbers in its first 64 KiB — for a loop mount
/// whose spec gives no `type` (the planner's `auto`), as mount(8) does with libblkid.
enum FileSystemProbe {
    /// A magic byte string at an offset, and the file system type to mount it as.
    struct Signature {
        var type: String
        var offset: Int
        var magic: [UInt8]
    }

    static let signatures: [Signature] = [
        Signature(type: "ext4", offset: 1080, magic: [0x53, 0xEF]),                          // ext2/3/4 s_magic 0xEF53
        Signature(type: "xfs", offset: 0, magic: Array("XFSB".utf8)),
        Signature(type: "btrfs", offset: 0x10040, magic: Array("_BHRfS_M".utf8)),
        Signature(type: "squashfs", offset: 0, magic: Array("hsqs".utf8)),
        Signature(type: "erofs", offset: 1024, magic: [0xE2, 0xE1, 0xF5, 0xE0]),
        Signature(type: "f2fs", offset: 1024, magic: [0x10, 0x20, 0xF5, 0xF2]),
        Signature(type: "iso9660", offset: 32769, magic: Array("CD001".utf8)),
        Signature(type: "exfat", offset: 3, magic: Array("EXFAT   ".utf8)),
        Signature(type: "vfat", offset: 0x52, magic: Array("FAT32   ".utf8)),
        Signature(type: "vfat", offset: 0x36, magic: Array("FAT1".utf8)),
    ]

    /// How many bytes the signatures need.
    static let headerSize = 0x10040 + 8

    /// The type whose signature `header` carries, or nil.
    static func type(of header: [UInt8]) -> String? {
        signatures.first { signature in
            let end = signature.offset + signature.magic.count
            return end <= header.count && Array(header[signature.offset..<end]) == signature.magic
        }?.type
    }

    /// Reads the start of `device` and names its file system; nil with errno when it cannot be read,
    /// nil with errno 0 when no signature matches.
    static func type(ofDevice device: String) -> (type: String?, errno: Int32) {
        let fd = retryingOnInterrupt { open(device, O_RDONLY | O_CLOEXEC) }
        guard fd.result >= 0 else { return (nil, fd.errno) }
        defer { Sys.closeKeepingErrno(fd.result) }
        var header = [UInt8](repeating: 0, count: headerSize)
        var filled = 0
        while filled < header.count {
            let count = header.withUnsafeMutableBytes { bytes in
                pread(fd.result, bytes.baseAddress.map { $0 + filled }, bytes.count - filled, off_t(filled))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return (type(of: Array(header[0..<filled])), 0)
    }
}
