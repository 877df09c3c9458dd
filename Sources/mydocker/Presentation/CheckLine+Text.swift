import HostCheck

extension CheckLine {
    /// `ok    namespace pid: supported, limit 63482, 7 in use`
    var text: String {
        let word = verdict.rawValue
        return word + String(repeating: " ", count: max(1, 6 - word.count)) + subject + ": " + detail
    }

    var json: ReportJSON {
        .object([("verdict", .string(verdict.rawValue)), ("subject", .string(subject)), ("detail", .string(detail))])
    }
}
