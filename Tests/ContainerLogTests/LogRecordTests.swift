@testable import ContainerLog
import Testing

@Suite struct LogRecordTests {
    static let time: Int64 = 1_714_564_800_123_456_789

    func encode(_ text: String, _ stream: LogStream = .stdout) -> String {
        var out: [UInt8] = []
        _ = Array(text.utf8).withUnsafeBytes { LogRecord.encode($0, stream: stream, time: Self.time, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func oneRecordPerLineAndAPartForTheRest() {
        #expect(encode("a\n\nb c\ntail", .stderr) == """
            2024-05-01T12:00:00.123456789Z stderr F a
            2024-05-01T12:00:00.123456789Z stderr F 
            2024-05-01T12:00:00.123456789Z stderr F b c
            2024-05-01T12:00:00.123456789Z stderr P tail

            """)
        #expect(encode("") == "")
        #expect(encode("no newline") == "2024-05-01T12:00:00.123456789Z stdout P no newline\n")
    }

    /// A record that goes on from the stream's previous part says so; a CRI reader sees only its first tag.
    @Test func aContinuationIsTagged() {
        var out: [UInt8] = []
        let partial = Array("end\nnext".utf8).withUnsafeBytes { LogRecord.encode($0, stream: .stdout, time: 0, continuing: true, into: &out) }
        #expect(partial)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text == "1970-01-01T00:00:00.000000000Z stdout F:cont end\n1970-01-01T00:00:00.000000000Z stdout P next\n")
        let lines = text.split(separator: "\n").map { Array($0.utf8) }
        let first = LogRecord.parse(lines[0])
        #expect(first.continues && !first.partial)
        #expect(String(decoding: lines[0][first.content], as: UTF8.self) == "end")
        let second = LogRecord.parse(lines[1])
        #expect(!second.continues && second.partial)
    }

    @Test func everyByteButTheNewlineIsKept() {
        let content: [UInt8] = [0, 1, 27, 0x9b, 0xff, 13, 32]
        var out: [UInt8] = []
        _ = (content + [10]).withUnsafeBytes { LogRecord.encode($0, stream: .stdout, time: 0, into: &out) }
        let line = Array(out.dropLast())
        let record = LogRecord.parse(line)
        #expect(record.stream == .stdout && !record.partial && record.time == 0)
        #expect(Array(line[record.content]) == content)
    }

    @Test func readsBackWhatWasWritten() {
        for (text, stream, partial) in [("hello", LogStream.stdout, false), ("x y z", .stderr, true), ("", .stdout, false)] {
            let written = encode(text + (partial ? "" : "\n"), stream)
            let line = Array(written.utf8.dropLast())
            let record = LogRecord.parse(line)
            #expect(record == LogRecord(time: Self.time, stream: stream, partial: partial, content: 40..<line.count))
            #expect(String(decoding: line[record.content], as: UTF8.self) == text)
        }
    }

    @Test func otherWritersRecordsAreReadToo() {
        let line = Array("2024-05-01T12:00:00.5Z stdout F hello there".utf8)
        let record = LogRecord.parse(line)
        #expect(record.time == 1_714_564_800_500_000_000)
        #expect(record.stream == .stdout && !record.partial)
        #expect(String(decoding: line[record.content], as: UTF8.self) == "hello there")
        let tagged = Array("2024-05-01T12:00:00+02:00 stderr P:x:cont part".utf8)
        #expect(LogRecord.parse(tagged).continues)
        #expect(LogRecord.parse(tagged).partial)
        #expect(LogRecord.parse(tagged).stream == .stderr)
    }

    @Test(arguments: ["Fatal error: boom", "", "2024-05-01T12:00:00.123456789Z stdin F x", "not-a-time stdout F x",
                      "2024-05-01T12:00:00.123456789Z stdout X x"])
    func aLineThatIsNotARecordIsAWholeStdoutLine(text: String) {
        let line = Array(text.utf8)
        #expect(LogRecord.parse(line) == LogRecord(time: nil, stream: .stdout, partial: false, content: 0..<line.count))
    }
}
