import Foundation
import YAML
@testable import Spec

/// Loads spec text as `mydocker lint` and apply do.
enum Loading {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The model of `text`; throws with the diagnostics when there are any (with `lint`, the lint rules' too,
    /// warnings included; without, only the loader's).
    static func load(_ text: String, file: String, baseDirectory: String, lint: Bool = false) throws -> ContainerSpec {
        let (spec, problems) = loadWithProblems(text, file: file, baseDirectory: baseDirectory, lint: lint)
        guard let spec, problems.isEmpty else { throw Failure(description: problems.joined(separator: "\n")) }
        return spec
    }

    /// The model of `text` and its diagnostics (`line:column message`).
    static func loadWithProblems(_ text: String, file: String, baseDirectory: String, lint: Bool = false) -> (ContainerSpec?, [String]) {
        let bytes = Array(text.utf8)
        let result = lint ? Linter.lint(bytes: bytes, file: file, baseDirectory: baseDirectory)
            : SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory).result
        return (result.spec, result.diagnostics.map { "\($0.line):\($0.column) \($0.message)" })
    }
}

extension ContainerSpec {
    /// The model without where it came from, for comparing a spec with the one read back from its text.
    var withoutSource: ContainerSpec {
        var spec = self
        spec.source = SpecSource()
        return spec
    }
}

/// Files of this repository, found from this source file.
enum Repository {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func text(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relativePath).map { String(decoding: $0, as: UTF8.self) }
    }
}
