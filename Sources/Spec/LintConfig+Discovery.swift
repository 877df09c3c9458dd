extension LintConfig {
    /// The configuration for `directory` (absolute): the first `.mydocker-lint.yaml` (or `.yml`) found in it or
    /// a folder above it, stopping at the repository's root (the first folder holding `.git`) or at `/`. nil when
    /// there is none.
    public static func find(from directory: String) throws(Error) -> LintConfig? {
        var folder = PathText.normalize(directory)
        while true {
            for name in fileNames {
                let path = (folder == "/" ? "" : folder) + "/" + name
                if FileKind.at(path) == .regular { return try read(path: path, directory: folder) }
            }
            if folder == "/" || FileKind.at(folder + "/.git") != nil { return nil }
            folder = PathText.directory(of: folder)
        }
    }
}
