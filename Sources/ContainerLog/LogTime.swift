import Glibc

/// Times in a container's log: nanoseconds since the epoch (UTC), written as RFC 3339 with nine fractional digits
/// (`2006-01-02T15:04:05.000000000Z`, docker's `RFC3339NanoFixed`), a fixed width of 30 bytes.
public enum LogTime {
    /// The width of a formatted time.
    public static let width = 30

    /// The wall clock now (CLOCK_REALTIME).
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// `nanos` as `2006-01-02T15:04:05.000000000Z` (years 0 to 9999; others are clamped to that range).
    public static func format(_ nanos: Int64) -> String {
        var bytes: [UInt8] = []
        append(nanos, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the 30 bytes of ``format(_:)`` to `out`.
    public static func append(_ nanos: Int64, to out: inout [UInt8]) {
        let (seconds, fraction) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        let wholeSeconds = fraction < 0 ? seconds - 1 : seconds
        let nanosecond = fraction < 0 ? fraction + 1_000_000_000 : fraction
        let (dayCount, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
        let days = secondOfDay < 0 ? dayCount - 1 : dayCount
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        var (year, month, day) = civil(fromDays: days)
        if year < 0 { (year, month, day) = (0, 1, 1) }
        if year > 9999 { (year, month, day) = (9999, 12, 31) }
        digits(year, 4, &out); out.append(UInt8(ascii: "-"))
        digits(month, 2, &out); out.append(UInt8(ascii: "-"))
        digits(day, 2, &out); out.append(UInt8(ascii: "T"))
        digits(second / 3600, 2, &out); out.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2, &out); out.append(UInt8(ascii: ":"))
        digits(second % 60, 2, &out); out.append(UInt8(ascii: "."))
        digits(nanosecond, 9, &out); out.append(UInt8(ascii: "Z"))
    }

    private static func digits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    // MARK: calendar (proleptic Gregorian; Howard Hinnant's days_from_civil and civil_from_days)

    /// Days since 1970-01-01 of a date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day counted from 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
