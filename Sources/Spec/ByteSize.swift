/// Sizes written with a unit in YAML specs (`256Mi`, `1G`, `512k`), as Kubernetes quantities: k, M, G, T count
/// in powers of 1000 and Ki, Mi, Gi, Ti in powers of 1024; a bare number is bytes. Whole numbers only.
/// JSON specs write the number of bytes (the OCI runtime-spec's own form).
public enum ByteSize {
    /// Every unit, with the bytes it stands for.
    public static let units: [(suffix: String, bytes: UInt64)] = [
        ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
    ]

    /// The JSON Schema pattern of a size string (zero allowed).
    public static let pattern = "^[0-9]+(k|M|G|T|Ki|Mi|Gi|Ti)?$"
    /// The JSON Schema pattern of a size string that is not zero.
    public static let positivePattern = "^0*[1-9][0-9]*(k|M|G|T|Ki|Mi|Gi|Ti)?$"

    /// For schema descriptions and messages.
    public static let unitsInWords = "in YAML also a string with a unit, as Kubernetes quantities: 256Mi, 1Gi (Ki, Mi, Gi, Ti: powers of 1024) or 512k, 1G (k, M, G, T: powers of 1000)"

    public enum Failure: Error, Sendable, Equatable {
        /// Not digits and a known unit; the hint says what was probably meant.
        case malformed(hint: String?)
        /// More bytes than `maximum`.
        case tooLarge
    }

    /// The bytes `text` stands for, at most `maximum`. Linear in the length of `text`, whatever it holds.
    public static func parse(_ text: String, maximum: UInt64 = UInt64.max) -> Result<UInt64, Failure> {
        let bytes = Array(text.utf8)
        var i = 0
        var value: UInt64 = 0
        var overflow = false
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            value = a
            i += 1
        }
        let suffix = String(decoding: bytes[i...], as: UTF8.self)
        guard i > 0 else { return .failure(.malformed(hint: hint(number: "", suffix: suffix))) }
        var factor: UInt64 = 1
        if !suffix.isEmpty {
            guard let unit = units.first(where: { $0.suffix == suffix }) else {
                return .failure(.malformed(hint: hint(number: String(decoding: bytes[..<i], as: UTF8.self), suffix: suffix)))
            }
            factor = unit.bytes
        }
        let (product, o3) = value.multipliedReportingOverflow(by: factor)
        if overflow || o3 || product > maximum { return .failure(.tooLarge) }
        return .success(product)
    }

    /// What a malformed size probably meant: `256MB` → `256M` or `256Mi`, `1.5Gi` → a whole number.
    static func hint(number: String, suffix: String) -> String? {
        if number.isEmpty {
            if suffix.hasPrefix("-") { return "a size is not negative; write -1 (unlimited) as a number, without quotes" }
            if suffix.hasPrefix(".") { return "write a whole number of bytes or of a smaller unit" }
            return nil
        }
        if suffix.hasPrefix(".") || suffix.hasPrefix(",") {
            return "write a whole number, with a smaller unit if need be (1536Mi rather than 1.5Gi)"
        }
        let unit = suffix.drop { $0 == " " || $0 == "\t" }
        if unit.count < suffix.count, units.contains(where: { $0.suffix == unit }) {
            return "write it without a space: `\(number)\(unit)`"
        }
        guard let first = unit.first else { return nil }
        let letter: String
        switch first {
        case "k", "K": letter = "k"
        case "m", "M": letter = "M"
        case "g", "G": letter = "G"
        case "t", "T": letter = "T"
        default: return nil
        }
        let rest = unit.dropFirst().lowercased()
        let binary = letter == "k" ? "Ki" : letter + "i"
        switch rest {
        case "i", "ib": return "did you mean `\(number)\(binary)`?"
        case "", "b": return "did you mean `\(number)\(letter)` (powers of 1000) or `\(number)\(binary)` (powers of 1024)?"
        default: return nil
        }
    }

    /// `bytes` for people: `64 MiB`, `1.5 GiB`, `512 B` (powers of 1024, at most one decimal).
    public static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(max(0, bytes))
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)") + " " + units[unit]
    }
}
