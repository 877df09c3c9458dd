import Foundation
import YAML
@testable import Spec

/// Loads spec text as the loader will once the security keys of the starting spec are supported.
///
/// SpecDecoder+Security decodes them, but SpecSchema lists each as `unsupported` until the runtime applies it
/// (they are made supported on main one by one), so today the loader leaves them out of the model. Each one
/// still listed is decoded here with the decoder's own function for it, as SpecDecoder+Sections will call it
/// (SpecTests' PendingSecurityKeys does the same for every security key, for the lint rules). Once they are
/// all supported this is `SpecLoader.load`, and the file can go.
enum LoadAsSupported {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The model of `text`; throws with the diagnostics when there are any besides the pending keys' `unsupported-key`
    /// (with `lint`, the lint rules' too, warnings included).
    static func load(_ text: String, file: String, baseDirectory: String, lint: Bool = false) throws -> ContainerSpec {
        let (spec, problems) = loadWithProblems(text, file: file, baseDirectory: baseDirectory, lint: lint)
        guard let spec, problems.isEmpty else { throw Failure(description: problems.joined(separator: "\n")) }
        return spec
    }

    /// The model of `text` and its diagnostics (`line:column message`) besides the pending keys' `unsupported-key`.
    static func loadWithProblems(_ text: String, file: String, baseDirectory: String, lint: Bool = false) -> (ContainerSpec?, [String]) {
        let bytes = Array(text.utf8)
        let (loaded, origins, root) = SpecLoader.decode(bytes: bytes, file: file, baseDirectory: baseDirectory)
        guard var spec = loaded.spec, let root else { return (nil, loaded.diagnostics.map { "\($0.line):\($0.column) \($0.message)" }) }
        var decoder = SpecDecoder(file: file, baseDirectory: baseDirectory, syntax: SpecSyntax.of(file: file, bytes: bytes))
        decoder.origins = origins
        var pending: [String] = []
        for (section, node) in fields(root) {
            for (key, value) in fields(node) {
                let at = Location.root.key(section).key(key)
                switch (section, key) {
                case ("process", "capabilities") where SpecSchema.process.unsupported.contains(key):
                    spec.process.capabilities = decoder.capabilities(value, at)
                case ("process", "rlimits") where SpecSchema.process.unsupported.contains(key):
                    spec.process.rlimits = decoder.rlimits(value, at)
                case ("process", "noNewPrivileges") where SpecSchema.process.unsupported.contains(key):
                    spec.process.noNewPrivileges = decoder.bool(value, at) ?? false
                case ("linux", "seccomp") where SpecSchema.linux.unsupported.contains(key):
                    spec.linux.seccomp = decoder.seccomp(value, at)
                case ("linux", "maskedPaths") where SpecSchema.linux.unsupported.contains(key):
                    spec.linux.maskedPaths = decoder.strings(value, at)
                case ("linux", "readonlyPaths") where SpecSchema.linux.unsupported.contains(key):
                    spec.linux.readonlyPaths = decoder.strings(value, at)
                default: continue
                }
                pending.append(at.pointer)
            }
        }
        spec.source.positions.merge(decoder.positions) { old, _ in old }
        var rules = LintRules(spec: spec, origins: decoder.origins)
        let findings = lint ? rules.run() : []
        let keyPositions = Set(pending.compactMap { spec.source.positions[$0 + "#key"] })
        let problems = (loaded.diagnostics + decoder.diagnostics + findings).filter {
            !($0.ruleID == LintRuleID.unsupportedKey.rawValue && keyPositions.contains($0.position))
        }
        return (spec, problems.map { "\($0.line):\($0.column) \($0.message)" })
    }

    static func fields(_ node: Node) -> [(String, Node)] {
        (node.mapping ?? []).compactMap { pair in pair.key.scalar.map { ($0.value, pair.value) } }
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
