/// What a scalar means under the YAML 1.2 core schema (plain scalars) or its explicit tag.
/// Quoted and block scalars are strings unless tagged otherwise, so `"100"` stays a string.
public enum Resolved: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// An integer written in the file that does not fit in 64 bits (its text).
    case largeInt(String)
    case float(Double)
    case string(String)
}

extension Scalar {
    static let tagPrefix = "tag:yaml.org,2002:"

    /// The scalar's meaning, given the node's explicit tag (nil when none was written).
    public func resolved(tag: String?) -> Resolved {
        if let tag, tag.hasPrefix(Scalar.tagPrefix) {
            switch tag.dropFirst(Scalar.tagPrefix.count) {
            case "str": return .string(value)
            case "null": return Scalar.null(value) ?? .string(value)
            case "bool": return Scalar.bool(value) ?? .string(value)
            case "int": return Scalar.int(value) ?? .string(value)
            case "float": return Scalar.int(value).flatMap(Scalar.asFloat) ?? Scalar.float(value) ?? .string(value)
            default: break
            }
        }
        if tag == "!" || style != .plain { return .string(value) }
        return Scalar.null(value) ?? Scalar.bool(value) ?? Scalar.int(value) ?? Scalar.float(value) ?? .string(value)
    }

    private static func asFloat(_ r: Resolved) -> Resolved? {
        if case .int(let i) = r { return .float(Double(i)) }
        return nil
    }

    static func null(_ s: String) -> Resolved? {
        switch s {
        case "", "~", "null", "Null", "NULL": .null
        default: nil
        }
    }

    static func bool(_ s: String) -> Resolved? {
        switch s {
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    static func int(_ s: String) -> Resolved? {
        let u = Array(s.utf8)
        guard !u.isEmpty else { return nil }
        var i = 0
        var negative = false
        var radix: UInt64 = 10
        if u[0] == UInt8(ascii: "-") || u[0] == UInt8(ascii: "+") {
            negative = u[0] == UInt8(ascii: "-")
            i = 1
        } else if u.count > 2, u[0] == UInt8(ascii: "0") {
            if u[1] == UInt8(ascii: "x") { radix = 16; i = 2 } else if u[1] == UInt8(ascii: "o") { radix = 8; i = 2 }
        }
        guard i < u.count else { return nil }
        var magnitude: UInt64 = 0
        var overflow = false
        while i < u.count {
            guard let d = digit(u[i]), d < radix else { return nil }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (m2, o2) = m1.addingReportingOverflow(d)
            overflow = overflow || o1 || o2
            magnitude = m2
            i += 1
        }
        if overflow { return .largeInt(s) }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            return .largeInt(s)
        }
        return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .largeInt(s)
    }

    private static func digit(_ c: UInt8) -> UInt64? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan`.
    static func float(_ s: String) -> Resolved? {
        switch s {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        let u = Array(s.utf8)
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var digits = 0
        while i < u.count, isDigit(u[i]) { i += 1; digits += 1 }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            while i < u.count, isDigit(u[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var exponent = 0
            while i < u.count, isDigit(u[i]) { i += 1; exponent += 1 }
            guard exponent > 0 else { return nil }
        }
        guard i == u.count, let d = Double(s) else { return nil }
        return .float(d)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

extension Node {
    /// The meaning of a scalar node (``Resolved/string(_:)`` and friends); nil for sequences and mappings.
    public var resolved: Resolved? {
        scalar?.resolved(tag: tag)
    }
}
