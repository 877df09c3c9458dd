/// FNV-1a, 64 bits: names a cache entry by its key and tells a damaged entry from an intact one. Not a defence
/// against anyone who can write the cache: the cache folder is the state root's, root's alone (``SeccompCache``),
/// and every read compares the whole key stored in the entry, so two keys with one checksum are only a miss.
/// SHA-256 did the same job at about ten times the cost, a tenth of a hardened container's start.
enum Checksum {
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        fnv1a(bytes[...])
    }

    /// Of a part of an entry, without copying it out.
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
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

    /// 16 lowercase hex digits. By hand: `String(_:radix:)` is generic over the integer, and its first call in a
    /// process goes through the Swift runtime's demangler (apply names a cache entry at every start).
    static func hex(_ bytes: [UInt8]) -> String {
        let hash = fnv1a(bytes)
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 { text[i] = digits[Int((hash >> UInt64(60 - 4 * i)) & 0xf)] }
        return String(decoding: text, as: UTF8.self)
    }
}
