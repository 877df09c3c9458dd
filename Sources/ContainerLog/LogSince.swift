import Glibc

/// `logs --since VALUE`, read as docker reads it (its `timetypes.GetTimestamp`): a duration before now in Go's
/// syntax (`10m`, `1h30m`, `1.5h`, `90s`, `500ms`), an RFC 3339 time (`2024-05-01T12:00:00Z`, with a fraction or an
/// offset), a date or time without a zone in the local time zone (`2024-05-01`, `2024-05-01T12:00`,
/// `2024-05-01T12:00:00`), or seconds since the epoch (`1714564800`, `1714564800.5`).
public enum LogSince {
    /// The time `text` names, in nanoseconds since the epoch; nil when it is none of the forms above.
    /// `localOffset` is the local zone's offset from UTC in seconds (for times written without a zone).
    public static func parse(_ text: String, now: Int64, localOffset: Int64 = LogSince.localOffset()) -> Int64? {
        if text != "0", let duration = duration(text) { return now - duration }
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: "-")) {
            return timestamp(bytes, localOffset: localOffset)
        }
        return unixTime(bytes)
    }

    /// The local time zone's offset from UTC now, in seconds (tm_gmtoff).
    public static func localOffset() -> Int64 {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return 0 }
        return Int64(parts.tm_gmtoff)
    }

    // MARK: durations

    /// A Go duration (`[-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+`, or `0`) in nanoseconds.
    public static func duration(_ text: String) -> Int64? {
        var scalars = Array(text.unicodeScalars)[...]
        var sign: Int64 = 1
        if let first = scalars.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            scalars = scalars.dropFirst()
        }
        if scalars.map(String.init).joined() == "0" { return 0 }
        guard !scalars.isEmpty else { return nil }
        var total: Double = 0
        while !scalars.isEmpty {
            var whole = ""
            while let c = scalars.first, ("0"..."9").contains(c) { whole.unicodeScalars.append(c); scalars = scalars.dropFirst() }
            var fraction = ""
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let c = scalars.first, ("0"..."9").contains(c) { fraction.unicodeScalars.append(c); scalars = scalars.dropFirst() }
            }
            guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
            var unit = ""
            while let c = scalars.first, !("0"..."9").contains(c), c != "." { unit.unicodeScalars.append(c); scalars = scalars.dropFirst() }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "\u{B5}s", "\u{3BC}s": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            guard let value = Double((whole.isEmpty ? "0" : whole) + "." + (fraction.isEmpty ? "0" : fraction)) else { return nil }
            total += value * scale
            guard total < 9.2e18 else { return nil }
        }
        return sign * Int64(total.rounded())
    }

    // MARK: times

    /// `YYYY-MM-DD[Thh[:mm[:ss[.fraction]]]][Z|±hh:mm]`; without a zone, local time.
    static func timestamp(_ bytes: [UInt8], localOffset: Int64) -> Int64? {
        var reader = Digits(bytes: bytes)
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
              let day = reader.number(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = LogTime.days(year: year, month: month, day: day) * 86_400
        var nanos: Int64 = 0
        if reader.skip("T") || reader.skip("t") || reader.skip(" ") {
            guard let hour = reader.number(2), hour < 24 else { return nil }
            seconds += hour * 3600
            if reader.skip(":") {
                guard let minute = reader.number(2), minute < 60 else { return nil }
                seconds += minute * 60
                if reader.skip(":") {
                    guard let second = reader.number(2), second < 61 else { return nil }
                    seconds += second
                    if reader.skip(".") || reader.skip(",") {
                        guard let fraction = reader.fraction() else { return nil }
                        nanos = fraction
                    }
                }
            }
        }
        var offset = localOffset
        if reader.skip("Z") || reader.skip("z") {
            offset = 0
        } else if let sign = reader.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            reader.index += 1
            guard let hours = reader.number(2), reader.skip(":"), let minutes = reader.number(2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard reader.atEnd else { return nil }
        return (seconds - offset) * 1_000_000_000 + nanos
    }

    /// `SECONDS[.FRACTION]` since the epoch.
    static func unixTime(_ bytes: [UInt8]) -> Int64? {
        var reader = Digits(bytes: bytes)
        guard let seconds = reader.number(nil) else { return nil }
        var nanos: Int64 = 0
        if reader.skip(".") {
            guard let fraction = reader.fraction() else { return nil }
            nanos = fraction
        }
        guard reader.atEnd, seconds < 9_000_000_000 else { return nil }
        return seconds * 1_000_000_000 + nanos
    }

    struct Digits {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` digits, or one to eighteen when nil.
        mutating func number(_ count: Int?) -> Int64? {
            var value: Int64 = 0
            var taken = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), taken < (count ?? 18) {
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                taken += 1
                index += 1
            }
            if let count { return taken == count ? value : nil }
            return taken > 0 ? value : nil
        }

        /// One to nine digits after a decimal point, as nanoseconds (more digits are read and dropped).
        mutating func fraction() -> Int64? {
            var nanos: Int64 = 0
            var taken = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if taken < 9 { nanos = nanos * 10 + Int64(byte - UInt8(ascii: "0")) }
                taken += 1
                index += 1
            }
            guard taken > 0 else { return nil }
            for _ in min(taken, 9)..<9 { nanos *= 10 }
            return nanos
        }
    }
}
