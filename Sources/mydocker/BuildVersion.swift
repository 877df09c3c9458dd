import CBuildVersion

/// The version this binary was built as, from the build (`git describe` through scripts/version.sh and
/// Package.swift), not a constant: `v1.2.0-5-g1a2b3c4d5e6f`, or a commit before any tag, `-dirty` for a tree with
/// uncommitted changes.
enum BuildVersion {
    static var text: String { String(cString: md_build_version()) }

    /// What `mydocker --version` prints, as docker and runc say it.
    static var line: String { "mydocker version " + text }
}
