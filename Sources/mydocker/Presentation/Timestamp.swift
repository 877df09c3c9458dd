import Glibc

/// Times as docker's JSON writes them: RFC 3339 in UTC (`2026-12-05T16:19:58Z`), and Go's zero time for one that
/// has not happened.
enum Timestamp {
    static let zero = "0001-01-01T00:00:00Z"

    /// `seconds` since the epoch in RFC 3339, UTC; ``zero`` for nil.
    static func rfc3339(_ seconds: Int64?) -> String {
        guard let seconds, let time = secondsText(seconds) else { return zero }
        return time + "Z"
    }

    /// With the nanoseconds past the second (`2026-12-05T16:19:58.123456789Z`), as runc's log and state show
    /// times; ``zero`` when the seconds are out of range.
    static func rfc3339(seconds: Int64, nanoseconds: Int64) -> String {
        guard let time = secondsText(seconds) else { return zero }
        let nanos = String(nanoseconds)
        return time + "." + String(repeating: "0", count: max(0, 9 - nanos.count)) + nanos + "Z"
    }

    /// `2026-12-05T16:19:58`, the time to the second, in UTC.
    private static func secondsText(_ seconds: Int64) -> String? {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return nil }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(parts.tm_year + 1900)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
