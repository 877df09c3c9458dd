#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Which file system an image or device holds, from the magic numbers in its first 64 KiB, as mount(8) finds
/// it with libblkid. One table for the two readers: lint (a loop image that holds no file system) and the
/// mounter (a loop mount without a `type`, through Mounts' FileSystemProbe).
public enum FileSystemSignature {
    /// A magic byte string at an offset, and the file system type to mount it as.
    public struct Signature: Sendable {
        public var type: String
        public var offset: Int
        public var magic: [UInt8]
    }

    public static let signatures: [Signature] = [
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

    /// The types the table can name, for messages: "ext2/3/4, xfs, btrfs, …".
    public static let recognised = "ext2/3/4, " + signatures.dropFirst().map(\.type).reduce(into: [String]()) { names, type in
        if !names.contains(type) { names.append(type) }
    }.joined(separator: ", ")

    /// How many bytes the signatures need.
    public static let headerSize = 0x10040 + 8

    /// The type whose signature `header` carries, or nil.
    public static func type(of header: [UInt8]) -> String? {
        signatures.first { signature in
            let end = signature.offset + signature.magic.count
            return end <= header.count && header[signature.offset..<end].elementsEqual(signature.magic)
        }?.type
    }

    /// Reads the start of the file or device at `path` and names its file system: nil with errno when it cannot
    /// be read, nil with errno 0 when no signature matches. Opened with O_NONBLOCK, so that a FIFO never waits.
    public static func probe(path: String) -> (type: String?, errno: Int32) {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return (nil, errno) }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: headerSize)
        var filled = 0
        while filled < header.count {
            let count = header.withUnsafeMutableBytes { bytes in
                pread(fd, bytes.baseAddress.map { $0 + filled }, bytes.count - filled, off_t(filled))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return (type(of: Array(header[0..<filled])), 0)
    }

    /// Types that mount as one another: an ext2 or ext3 image carries the ext4 signature, a FAT one vfat's.
    public static func sameFamily(_ a: String, _ b: String) -> Bool {
        let families: [Set<String>] = [["ext2", "ext3", "ext4"], ["vfat", "fat", "msdos"]]
        return a == b || families.contains { $0.contains(a) && $0.contains(b) }
    }
}
