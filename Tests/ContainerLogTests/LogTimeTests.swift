@testable import ContainerLog
import Testing

@Suite struct LogTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000000Z"),
        (Int64(1_714_564_800_123_456_789), "2024-05-01T12:00:00.123456789Z"),
        (Int64(951_782_400_000_000_001), "2000-02-29T00:00:00.000000001Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999999Z"),
        (Int64.max, "2262-04-11T23:47:16.854775807Z"),
    ])
    func formatsAsRFC3339WithNineDigits(nanos: Int64, text: String) {
        #expect(LogTime.format(nanos) == text)
        #expect(LogTime.format(nanos).utf8.count == LogTime.width)
        #expect(LogRecord.parseFixedTime(Array(text.utf8), from: 0) == nanos)
    }

    @Test func daysRoundTripAcrossCenturies() {
        for days in stride(from: Int64(-800_000), through: 2_900_000, by: 997) {
            let (year, month, day) = LogTime.civil(fromDays: days)
            #expect(LogTime.days(year: year, month: month, day: day) == days)
        }
    }
}

@Suite struct LogSinceTests {
    let now: Int64 = 1_714_564_800_000_000_000  // 2024-05-01T12:00:00Z

    @Test(arguments: [
        ("10m", Int64(600) * 1_000_000_000),
        ("1h30m", Int64(5400) * 1_000_000_000),
        ("1.5h", Int64(5400) * 1_000_000_000),
        ("90s", Int64(90) * 1_000_000_000),
        ("500ms", Int64(500_000_000)),
        ("2h45m30.5s", Int64(9930_500_000_000)),
        ("1\u{B5}s", Int64(1000)),
        ("7ns", Int64(7)),
        ("-5m", Int64(-300) * 1_000_000_000),
    ])
    func relativeDurations(text: String, ago: Int64) {
        #expect(LogSince.parse(text, now: now) == now - ago)
    }

    @Test(arguments: [
        ("2024-05-01T12:00:00Z", Int64(1_714_564_800_000_000_000)),
        ("2024-05-01T12:00:00.5Z", Int64(1_714_564_800_500_000_000)),
        ("2024-05-01T12:00:00.123456789Z", Int64(1_714_564_800_123_456_789)),
        ("2024-05-01T14:00:00+02:00", Int64(1_714_564_800_000_000_000)),
        ("2024-05-01T07:30:00-04:30", Int64(1_714_564_800_000_000_000)),
        ("2024-05-01t12:00:00z", Int64(1_714_564_800_000_000_000)),
        ("1714564800", Int64(1_714_564_800_000_000_000)),
        ("1714564800.25", Int64(1_714_564_800_250_000_000)),
        ("0", Int64(0)),
    ])
    func absoluteTimes(text: String, nanos: Int64) {
        #expect(LogSince.parse(text, now: now, localOffset: 3600) == nanos)
    }

    /// Without a zone, the local one (here one hour east of UTC), as docker reads them.
    @Test(arguments: [
        ("2024-05-01", Int64(1_714_521_600 - 3600) * 1_000_000_000),
        ("2024-05-01T13", Int64(1_714_564_800) * 1_000_000_000),
        ("2024-05-01T13:00", Int64(1_714_564_800) * 1_000_000_000),
        ("2024-05-01T13:00:00", Int64(1_714_564_800) * 1_000_000_000),
    ])
    func localTimes(text: String, nanos: Int64) {
        #expect(LogSince.parse(text, now: now, localOffset: 3600) == nanos)
    }

    @Test(arguments: ["", "m", "10x", "yesterday", "2024-13-01", "2024-05-01T25:00", "2024-05-01T12:00:00Q", "1h-", "1..5s", "--1m"])
    func refusesWhatIsNeither(text: String) {
        #expect(LogSince.parse(text, now: now) == nil)
    }
}
