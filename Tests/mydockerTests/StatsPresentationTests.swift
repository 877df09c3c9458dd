import Cgroups
import Testing
@testable import mydocker

/// What `stats` prints: sizes and percentages as docker prints them, the table, the JSON.
@Suite struct StatsPresentationTests {
    let second: UInt64 = 1_000_000_000
    let gib: UInt64 = 1 << 30

    @Test func memorySizesInBinaryUnitsWithFourDigits() {
        #expect(SizeText.binary(0) == "0B")
        #expect(SizeText.binary(1023) == "1023B")
        #expect(SizeText.binary(1024) == "1KiB")
        #expect(SizeText.binary(1536) == "1.5KiB")
        #expect(SizeText.binary(1_290_000) == "1.23MiB")
        #expect(SizeText.binary(5_902_336) == "5.629MiB")
        #expect(SizeText.binary(2 << 30) == "2GiB")
        #expect(SizeText.binary(25_276_203_008) == "23.54GiB")
    }

    @Test func blockSizesInDecimalUnitsWithThreeDigits() {
        #expect(SizeText.decimal(0) == "0B")
        #expect(SizeText.decimal(916) == "916B")
        #expect(SizeText.decimal(147_456) == "147kB")
        #expect(SizeText.decimal(1_234_567) == "1.23MB")
        #expect(SizeText.decimal(3_000_000_000) == "3GB")
    }

    @Test func percentagesWithTwoDecimals() {
        #expect(SizeText.percent(0) == "0.00%")
        #expect(SizeText.percent(99.536) == "99.54%")
        #expect(SizeText.percent(200) == "200.00%")
    }

    /// A container busy on one core for a second, with 64 MiB of a 256 MiB limit, and one whose files are missing.
    var rows: [StatsRow] {
        let busy = StatsRow(
            name: "busy", status: .running, previous: CgroupStats(time: 0, cpuNanoseconds: 0),
            current: CgroupStats(
                time: second, cpuNanoseconds: second, memoryUsage: 64 << 20, memoryLimit: .bytes(256 << 20),
                blockRead: 147_456, blockWritten: 0, pids: 3, pidsLimit: .bytes(100)
            ),
            hostMemory: 8 * gib
        )
        let bare = StatsRow(name: "bare", status: .paused, previous: nil, current: CgroupStats(time: second), hostMemory: 8 * gib)
        return [busy, bare]
    }

    @Test func table() {
        #expect(StatsRow.table(rows) == """
            NAME   CPU %     MEM USAGE / LIMIT   MEM %    BLOCK I/O    PIDS
            busy   100.00%   64MiB / 256MiB      25.00%   147kB / 0B   3
            bare   --        -- / --             --       --           --

            """)
        #expect(StatsRow.table([]) == "NAME   CPU %   MEM USAGE / LIMIT   MEM %   BLOCK I/O   PIDS\n")
    }

    @Test func aTerminalGetsTheTableDrawnOverThePreviousOne() {
        let table = "NAME   PIDS\nbusy   1\n"
        #expect(MyDocker.Stats.redrawn(table, first: true) == "\u{1B}[2J\u{1B}[HNAME   PIDS\u{1B}[K\nbusy   1\u{1B}[K\n\u{1B}[J")
        #expect(MyDocker.Stats.redrawn(table, first: false) == "\u{1B}[HNAME   PIDS\u{1B}[K\nbusy   1\u{1B}[K\n\u{1B}[J")
    }

    @Test func noLimitIsTheHostsMemory() {
        let row = StatsRow(
            name: "free", status: .running, previous: nil,
            current: CgroupStats(time: 0, memoryUsage: gib, memoryLimit: .unlimited), hostMemory: 8 * gib
        )
        #expect(row.cells == ["free", "--", "1GiB / 8GiB", "12.50%", "--", "--"])
    }

    @Test func json() {
        #expect(StatsRow.json(rows) == """
            [
              {
                "name": "busy",
                "status": "running",
                "cpuPercent": 100.00,
                "cpuUsageNanoseconds": 1000000000,
                "memoryUsageBytes": 67108864,
                "memoryLimitBytes": 268435456,
                "memoryLimited": true,
                "memoryPercent": 25.00,
                "blockReadBytes": 147456,
                "blockWriteBytes": 0,
                "pids": 3,
                "pidsLimit": 100
              },
              {
                "name": "bare",
                "status": "paused",
                "cpuPercent": null,
                "cpuUsageNanoseconds": null,
                "memoryUsageBytes": null,
                "memoryLimitBytes": null,
                "memoryLimited": null,
                "memoryPercent": null,
                "blockReadBytes": null,
                "blockWriteBytes": null,
                "pids": null,
                "pidsLimit": null
              }
            ]
            """)
        #expect(StatsRow.json([]) == "[]")
    }
}
