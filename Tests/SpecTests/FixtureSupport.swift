import Foundation
import Spec

/// Paths and helpers shared by the golden tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// With MYDOCKER_UPDATE_GOLDENS=1 the golden tests rewrite the expected files instead of comparing
    /// (and still fail, so that an update is never mistaken for a pass).
    static let updating = ProcessInfo.processInfo.environment["MYDOCKER_UPDATE_GOLDENS"] == "1"

    /// Spec names (without folder) in a fixture folder, sorted.
    static func specs(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder)) ?? []
        return names.filter { SpecFile.isSpecName($0) }.sorted()
    }

    static func bytes(_ relativePath: String) -> [UInt8] {
        (FileManager.default.contents(atPath: directory + "/" + relativePath)).map { [UInt8]($0) } ?? []
    }

    static func text(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: directory + "/" + relativePath).map { String(decoding: $0, as: UTF8.self) }
    }

    static func write(_ text: String, to relativePath: String) {
        _ = FileManager.default.createFile(atPath: directory + "/" + relativePath, contents: Data(text.utf8))
    }

    /// Lints a fixture the way `mydocker lint` run in the Fixtures folder would name it.
    static func lint(_ relativePath: String) -> LoadResult {
        let folder = (relativePath as NSString).deletingLastPathComponent
        return Linter.lint(bytes: bytes(relativePath), file: relativePath, baseDirectory: directory + "/" + folder, readingHost: true)
    }

    /// The expected-output file beside a spec: `err/x.yaml` → `err/x.out`.
    static func golden(for relativePath: String, extension ext: String) -> String {
        (relativePath as NSString).deletingPathExtension + "." + ext
    }
}
