import Glibc
@testable import LinuxSystem
import Testing

/// ``Sys/readAll(_:limit:expecting:)``: the same bytes whatever size the caller expects, and the limit honoured.
@Suite struct ReadAllTests {
    /// A pipe holding `bytes` (written, then its write end closed): read(2) returns what is there, then end of file.
    func pipe(holding bytes: [UInt8]) throws -> Int32 {
        var fds: [Int32] = [-1, -1]
        #expect(Glibc.pipe(&fds) == 0)
        #expect(Sys.writeAll(fds[1], bytes) == 0)
        close(fds[1])
        return fds[0]
    }

    func file(holding bytes: [UInt8]) throws -> Int32 {
        let path = "/tmp/mydocker-readall-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        unlink(path)
        #expect(Sys.writeAll(fd, bytes) == 0)
        #expect(lseek(fd, 0, SEEK_SET) == 0)
        return fd
    }

    static let sizes = [0, 1, 4095, 4096, 4097, 18_000, 40_000]

    @Test(arguments: sizes) func aFileReadsWhole(_ size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for expected in [0, size / 2, size, size + 1, size * 3 + 7] {
            let fd = try file(holding: bytes)
            defer { close(fd) }
            #expect(Sys.readAll(fd, expecting: expected) == bytes)
        }
    }

    @Test func aLimitStopsOneBytePastItWhateverIsExpected() throws {
        let bytes = [UInt8](repeating: 7, count: 10_000)
        for expected in [0, 100, 10_000, 50_000] {
            let fd = try file(holding: bytes)
            defer { close(fd) }
            #expect(Sys.readAll(fd, limit: 5_000, expecting: expected)?.count == 5_001)
        }
    }

    @Test func aPipeReadsWholeThoughItsSizeIsUnknown() throws {
        let bytes = (0..<6_000).map { UInt8(truncatingIfNeeded: $0) }
        let fd = try pipe(holding: bytes)
        defer { close(fd) }
        #expect(Sys.readAll(fd, expecting: 100) == bytes)
    }
}
