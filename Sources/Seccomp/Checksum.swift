/// FNV-1a, 64 bits: names a cache entry by its key and tells a damaged entry from an intact one. Not a defence
/// against anyone who can write the cache: the cache folder is the state root's, root's alone (``SeccompCache``),
/// and every read compares the whole key stored in the entry, so two keys with one checksum are only a miss.
/// SHA-256 did the same job at about ten times the cost, a tenth of a hardened container's start.
enum Checksum {
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in buffer {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            return hash
        }
    }

    /// The checksum's 8 bytes, little-endian, as an entry stores them.
    static func bytes(of bytes: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: fnv1a(bytes).littleEndian) { Array($0) }
    }

    /// 16 lowercase hex digits.
    static func hex(_ bytes: [UInt8]) -> String {
        let text = String(fnv1a(bytes), radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
