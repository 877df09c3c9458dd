import Testing
@testable import Seccomp

/// The cache's checksum: FNV-1a's published values, its hex name as `String(_:radix:)` pads it, and a part of an
/// entry summed in place as its copy would be.
@Suite struct ChecksumTests {
    @Test func fnv1aGivesThePublishedValues() {
        #expect(Checksum.fnv1a([]) == 0xcbf2_9ce4_8422_2325)
        #expect(Checksum.fnv1a(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(Checksum.fnv1a(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    @Test(arguments: ["", "a", "foobar", "mydocker seccomp 2", String(repeating: "x", count: 5000)])
    func hexIsSixteenLowercaseDigitsOfTheSum(_ text: String) {
        let bytes = Array(text.utf8)
        let plain = String(Checksum.fnv1a(bytes), radix: 16)
        #expect(Checksum.hex(bytes) == String(repeating: "0", count: 16 - plain.count) + plain)
    }

    @Test func smallSumsKeepTheirLeadingZeros() {
        // Some input whose sum starts with a zero digit: found by search, so that the padding is exercised.
        let bytes = (0..<10_000).lazy.map { Array(String($0).utf8) }.first { Checksum.fnv1a($0) >> 60 == 0 }!
        #expect(Checksum.hex(bytes).first == "0")
        #expect(Checksum.hex(bytes).count == 16)
    }

    @Test func aSliceSumsAsItsCopy() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for range in [0..<0, 0..<300, 17..<250, 299..<300] {
            #expect(Checksum.fnv1a(bytes[range]) == Checksum.fnv1a(Array(bytes[range])))
        }
    }
}
