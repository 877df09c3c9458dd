// INTERFACE STUB — replaced by the spec/lint work (issue 2). Signatures are the contract.

public enum Linter {
    /// Every problem in one spec: decoding problems and semantic rules, after `# mydocker-lint disable=` comments.
    /// The result is sorted by position. apply/plan/check refuse a spec with any `.error` here.
    public static func lint(bytes: [UInt8], file: String, baseDirectory: String) -> LoadResult {
        SpecLoader.load(bytes: bytes, file: file, baseDirectory: baseDirectory)
    }

    public static func lint(path: String) -> LoadResult {
        SpecLoader.load(path: path)
    }
}
