// INTERFACE STUB — replaced by the spec/lint work (issue 2). Signatures are the contract.

public enum DiagnosticText {
    /// `FILE:LINE:COL: error|warning: MESSAGE [rule-id]`, then the source line and a caret under the column.
    /// Colour only when `color` (callers decide: a terminal and no NO_COLOR).
    public static func render(_ result: LoadResult, color: Bool) -> String {
        result.diagnostics.map { "\($0.file):\($0.line):\($0.column): \($0.severity.rawValue): \($0.message) [\($0.ruleID)]\n" }.joined()
    }
}
