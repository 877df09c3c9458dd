import LinuxSystem
import Testing
@testable import mydocker

/// What the CLI prints: ages in `ps`.
@Suite struct PresentationTests {
    @Test func ages() {
        #expect(Age.text(seconds: 0) == "0s")
        #expect(Age.text(seconds: 59) == "59s")
        #expect(Age.text(seconds: 61) == "1m")
        #expect(Age.text(seconds: 2 * 3600 + 5) == "2h")
        #expect(Age.text(seconds: 3 * 86400) == "3d")
        #expect(Age.text(seconds: -4) == "0s")
    }
}

/// `top`'s columns, as procps prints them, and docker's times.
@Suite struct ProcessColumnsTests {
    @Test func terminalNames() {
        #expect(ProcessColumns.terminalName(0) == "?")
        #expect(ProcessColumns.terminalName(34816) == "pts/0")      // 136:0
        #expect(ProcessColumns.terminalName(34819) == "pts/3")
        #expect(ProcessColumns.terminalName(35072) == "pts/256")    // 137:0
        #expect(ProcessColumns.terminalName(1025) == "tty1")        // 4:1
        #expect(ProcessColumns.terminalName(1088) == "ttyS0")       // 4:64
        #expect(ProcessColumns.terminalName(1281) == "console")     // 5:1
        #expect(ProcessColumns.terminalName(2049) == "?")           // 8:1, a disk
    }

    @Test func cpuTimes() {
        #expect(ProcessColumns.cpuTime(0) == "00:00:00")
        #expect(ProcessColumns.cpuTime(3723) == "01:02:03")
        #expect(ProcessColumns.cpuTime(90061) == "1-01:01:01")
    }

    @Test func rowsAsPsEfPrintsThem() {
        let columns = ProcessColumns(userNames: [0: "root"], bootTime: 1_000_000, uptime: 200, ticksPerSecond: 100, now: 1_000_200)
        let process = ProcessSnapshot(pid: 42, ppid: 1, uid: 0, terminal: 0, cpuTicks: 5000, startTicks: 10000,
                                      arguments: ["sleep", "600"], name: "sleep")
        let row = columns.row(process)
        #expect(row[0] == "root" && row[1] == "42" && row[2] == "1" && row[5] == "?" && row[6] == "00:00:50" && row[7] == "sleep 600")
        // 50 s of CPU in 100 s alive.
        #expect(row[3] == "50")
        var busy = process
        busy.cpuTicks = 30000
        #expect(columns.row(busy)[3] == "99")
        var kernel = process
        kernel.arguments = []
        kernel.uid = 100_000
        #expect(columns.row(kernel)[0] == "100000" && columns.row(kernel)[7] == "[sleep]")
    }

    @Test func timestampsInRFC3339() {
        #expect(Timestamp.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(1_796_491_458) == "2026-12-05T17:24:18Z")
        #expect(Timestamp.rfc3339(nil) == "0001-01-01T00:00:00Z")
        // runc's form for the log and the OCI state: nanoseconds, nine digits.
        #expect(Timestamp.rfc3339(seconds: 1_796_491_458, nanoseconds: 1_500) == "2026-12-05T17:24:18.000001500Z")
        #expect(Timestamp.rfc3339(seconds: 0, nanoseconds: 123_456_789) == "1970-01-01T00:00:00.123456789Z")
    }
}
