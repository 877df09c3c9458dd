import Spec

/// The JSON of `ps --format json` and `check --format json`: Spec's writer (no Foundation on this path).
typealias ReportJSON = JSONValue

extension JSONValue {
    static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    static func optional<T: BinaryInteger>(_ value: T?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
}
