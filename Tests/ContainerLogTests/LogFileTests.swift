@testable import ContainerLog
import Glibc
import LinuxSystem
import TestSupport
import Testing

/// Logs written with LogWriter and read back as `logs` reads them: all of it, the last lines, since a time.
@Suite struct LogFileTests {
    let directory: TempDirectory
    let path: String

    init() throws {
        directory = try TempDirectory()
        path = directory.path + "/log"
        close(open(path, O_CREAT | O_WRONLY, 0o600))
    }

    /// Writes `chunks` (stream, text, time), each as the monitor writes one read.
    func write(_ chunks: [(LogStream, String, Int64)]) throws {
        var writer = try LogWriter(appendingTo: path)
        for (stream, text, time) in chunks { #expect(writer.append(Array(text.utf8), stream: stream, time: time) == nil) }
    }

    /// What `logs` prints from `offset` (stdout and stderr as one text, streams marked), with a printer.
    func show(from offset: Int64, printer: LogPrinter = LogPrinter()) throws -> String {
        try show(LogSelection(start: offset), printer: printer)
    }

    func show(_ selection: LogSelection, printer: LogPrinter = LogPrinter()) throws -> String {
        let out = TempFile()
        var printer = printer
        var selection = selection
        printer.descriptors = (out.fd, out.fd)
        var log = try LogFile(path: path)
        var cursor = LogCursor(offset: selection.start)
        let visit: LogCursor.Visitor = { (record, line, offset) throws(SystemError) in
            if selection.includes(offset) { try printer.print(record, line: line) }
        }
        try cursor.readAvailable(&log, visit)
        try cursor.finish(visit)
        try printer.flush()
        return out.contents()
    }

    func tail(_ count: Int) throws -> String {
        var log = try LogFile(path: path)
        return try show(try log.lastLines(count))
    }

    @Test func showsEverythingInOrder() throws {
        try write([(.stdout, "one\ntw", 1), (.stderr, "err\n", 2), (.stdout, "o\nthree\n", 3)])
        #expect(try show(from: 0) == "one\ntwerr\no\nthree\n")
    }

    @Test func keepsTheStreamsApart() throws {
        try write([(.stdout, "out 1\n", 1), (.stderr, "err 1\n", 2), (.stdout, "out 2\n", 3)])
        let out = TempFile()
        let err = TempFile()
        var printer = LogPrinter()
        printer.descriptors = (out.fd, err.fd)
        var log = try LogFile(path: path)
        var cursor = LogCursor(offset: 0)
        try cursor.readAvailable(&log) { (record, line, _) throws(SystemError) in try printer.print(record, line: line) }
        try printer.flush()
        #expect(out.contents() == "out 1\nout 2\n")
        #expect(err.contents() == "err 1\n")
    }

    @Test func timestampsStartEachLine() throws {
        try write([(.stdout, "a\nb", 1_000_000_000), (.stdout, "c\n", 2_000_000_000)])
        #expect(try show(from: 0, printer: LogPrinter(timestamps: true)) == """
            1970-01-01T00:00:01.000000000Z a
            1970-01-01T00:00:01.000000000Z bc

            """)
    }

    @Test(arguments: [(0, ""), (1, "five\n"), (2, "four\nfive\n"), (4, "two\nthree\nfour\nfive\n"), (5, "one\ntwo\nthree\nfour\nfive\n"), (99, "one\ntwo\nthree\nfour\nfive\n")])
    func tailCountsLines(count: Int, expected: String) throws {
        try write([(.stdout, "one\ntwo\n", 1), (.stderr, "three\nfour\nfive\n", 2)])
        #expect(try tail(count) == expected)
    }

    /// A line written in parts is one line: its parts come with it.
    @Test func tailKeepsALineThatCameInParts() throws {
        try write([(.stdout, "first\nsec", 1), (.stdout, "o", 2), (.stdout, "nd\nthi", 3), (.stdout, "rd\n", 4)])
        #expect(try tail(1) == "third\n")
        #expect(try tail(2) == "second\nthird\n")
    }

    /// A line's parts written before another stream's lines are shown with it, and those lines are not (past
    /// the count).
    @Test func tailKeepsALinesPartsAcrossTheOtherStream() throws {
        try write([(.stdout, "out1\npart", 1), (.stderr, "err1\n", 2), (.stdout, " end\n", 3), (.stderr, "err2\n", 4)])
        #expect(try tail(1) == "err2\n")
        #expect(try tail(2) == "part end\nerr2\n")
        #expect(try tail(3) == "parterr1\n end\nerr2\n")
        #expect(try tail(4) == "out1\nparterr1\n end\nerr2\n")
        var log = try LogFile(path: path)
        let selection = try log.lastLines(2)
        #expect(selection.skipped.count == 1, "err1 is between the parts of the stdout line, not shown")
    }

    /// A line not ended yet (a prompt) is the last line; with --tail 0, nothing.
    @Test func tailCountsALineNotEndedYet() throws {
        try write([(.stdout, "a\nb\nprompt> ", 1)])
        #expect(try tail(1) == "prompt> ")
        #expect(try tail(2) == "b\nprompt> ")
        #expect(try tail(0) == "")
    }

    /// The first part of the last line was written long before, many lines of the other stream ago: the search
    /// goes back to it, and no further.
    @Test func tailGoesBackToALinesFirstPart() throws {
        var chunks: [(LogStream, String, Int64)] = [(.stdout, "old\n", 0), (.stdout, "begun ", 1)]
        for index in 0..<5000 { chunks.append((.stderr, "noise \(index)\n", 2)) }
        chunks.append((.stdout, "and ended\n", 3))
        try write(chunks)
        #expect(try tail(1) == "begun and ended\n")
        var log = try LogFile(path: path)
        let selection = try log.lastLines(1)
        #expect(selection.skipped.count == 1)
        #expect(try show(selection) == "begun and ended\n")
    }

    /// A record cut short (a crash in the middle of a write) is where --tail 0 starts, not in its middle.
    @Test func tailZeroStartsAfterTheLastWholeRecord() throws {
        try write([(.stdout, "a\n", 1)])
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = "1970-01-01T00:00:00.0000".withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        var log = try LogFile(path: path)
        #expect(try log.lastLines(0) == LogSelection(start: Int64(LogTime.width + 12)))  // "TIME stdout F a\n"
    }

    /// What a dying monitor printed (not a record) counts as a line of stdout.
    @Test func rawLinesCount() throws {
        try write([(.stdout, "a\n", 1)])
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = "Fatal error: boom\n".withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        try write([(.stdout, "b\n", 2)])
        #expect(try tail(2) == "Fatal error: boom\nb\n")
        #expect(try show(from: 0) == "a\nFatal error: boom\nb\n")
    }

    /// The last lines of a large log are found reading a block or two from its end, not all of it.
    @Test func tailReadsFromTheEnd() throws {
        let line = String(repeating: "x", count: 100) + "\n"
        let block = String(repeating: line, count: 1000)
        var writer = try LogWriter(appendingTo: path)
        for index in 0..<200 { writer.append(Array(block.utf8), stream: .stdout, time: Int64(index)) }
        writer.append(Array("last one\n".utf8), stream: .stderr, time: 999)
        var log = try LogFile(path: path)
        let size = try log.size()
        #expect(size > 25_000_000)
        let selection = try log.lastLines(3)
        #expect(log.bytesRead <= 2 * Int64(LogFile.blockSize))
        #expect(try show(selection) == line + line + "last one\n")
    }

    @Test func sinceFindsTheFirstRecordByBisection() throws {
        var writer = try LogWriter(appendingTo: path)
        for second in 0..<20_000 {
            writer.append(Array("line \(second)\n".utf8), stream: second % 3 == 0 ? .stderr : .stdout, time: Int64(second) * 1_000_000_000)
        }
        var log = try LogFile(path: path)
        let size = try log.size()
        let since: Int64 = 19_990 * 1_000_000_000
        let start = try log.offset(since: since)
        #expect(log.bytesRead < size / 4)
        let shown = try show(from: start, printer: LogPrinter(since: since))
        #expect(shown == (19_990..<20_000).map { "line \($0)\n" }.joined())
        var again = try LogFile(path: path)
        #expect(try show(from: try again.offset(since: 0), printer: LogPrinter(since: 0)).hasPrefix("line 0\nline 1\n"))
        #expect(try show(from: try again.offset(since: 30_000 * 1_000_000_000), printer: LogPrinter(since: 30_000 * 1_000_000_000)) == "")
    }

    /// A line that is not a record and holds megabytes without a newline is given in parts of a bounded size, so
    /// that reading it does not hold all of it; shown, it is whole again.
    @Test func aHugeLineIsReadInBoundedParts() throws {
        let huge = String(repeating: "z", count: 5 * LogCursor.longestLine / 2)
        try (huge + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var log = try LogFile(path: path)
        var cursor = LogCursor(offset: 0)
        var sizes: [Int] = []
        try cursor.readAvailable(&log) { record, line, _ in sizes.append(record.content.count) }
        #expect(sizes.count == 3 && sizes.allSatisfy { $0 <= LogCursor.longestLine + LogFile.blockSize }, "\(sizes)")
        #expect(sizes.reduce(0, +) == huge.utf8.count)
        #expect(try show(from: 0) == huge + "\n")
    }

    /// A cursor at the end sees what is appended later; a line is given once it is whole.
    @Test func followingReadsWhatIsAppended() throws {
        try write([(.stdout, "a\n", 1)])
        var log = try LogFile(path: path)
        var cursor = LogCursor(offset: 0)
        var seen: [String] = []
        let visit: LogCursor.Visitor = { record, line, _ in seen.append(String(decoding: line[record.content], as: UTF8.self)) }
        try cursor.readAvailable(&log, visit)
        #expect(seen == ["a"])
        // Half a record, as a reader may see one being written.
        let fd = open(path, O_WRONLY | O_APPEND)
        defer { close(fd) }
        let record = "1970-01-01T00:00:00.000000002Z stdout F b\n"
        _ = record.withCString { Glibc.write(fd, $0, 20) }
        try cursor.readAvailable(&log, visit)
        #expect(seen == ["a"])
        _ = record.withCString { Glibc.write(fd, $0 + 20, strlen($0) - 20) }
        try cursor.readAvailable(&log, visit)
        #expect(seen == ["a", "b"])
    }
}
