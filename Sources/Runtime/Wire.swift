/// The byte format parent and child exchange over their pipes: fixed-width integers in host byte order
/// (both ends are the same binary on the same machine), strings and arrays prefixed by a UInt32 count.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { i64(Int64(v)) }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    mutating func strings(_ list: [String]) {
        u32(UInt32(list.count))
        for s in list { string(s) }
    }

    mutating func array<T>(_ list: [T], _ each: (inout WireWriter, T) -> Void) {
        u32(UInt32(list.count))
        for element in list { each(&self, element) }
    }
}

/// Why bytes could not be decoded.
struct WireError: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct WireReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    private mutating func take(_ n: Int) throws(WireError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else { throw WireError(message: "truncated at byte \(offset)") }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    private mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(WireError) -> T {
        let slice = try take(MemoryLayout<T>.size)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: slice) }
        return value
    }

    mutating func u8() throws(WireError) -> UInt8 { try fixed(UInt8.self) }
    mutating func u32() throws(WireError) -> UInt32 { try fixed(UInt32.self) }
    mutating func i32() throws(WireError) -> Int32 { try fixed(Int32.self) }
    mutating func u64() throws(WireError) -> UInt64 { try fixed(UInt64.self) }
    mutating func i64() throws(WireError) -> Int64 { try fixed(Int64.self) }
    mutating func int() throws(WireError) -> Int { Int(try i64()) }

    mutating func bool() throws(WireError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let v: throw WireError(message: "bad boolean \(v) at byte \(offset - 1)")
        }
    }

    /// `count` raw bytes.
    mutating func bytes(count: Int) throws(WireError) -> [UInt8] {
        Array(try take(count))
    }

    mutating func string() throws(WireError) -> String {
        let count = Int(try u32())
        return String(decoding: try take(count), as: UTF8.self)
    }

    mutating func optionalString() throws(WireError) -> String? {
        try bool() ? try string() : nil
    }

    mutating func strings() throws(WireError) -> [String] {
        try array { (r: inout WireReader) throws(WireError) in try r.string() }
    }

    mutating func array<T>(_ each: (inout WireReader) throws(WireError) -> T) throws(WireError) -> [T] {
        let count = Int(try u32())
        guard count <= bytes.count - offset else { throw WireError(message: "array of \(count) at byte \(offset) is longer than the input") }
        var list: [T] = []
        list.reserveCapacity(count)
        for _ in 0..<count { list.append(try each(&self)) }
        return list
    }
}
