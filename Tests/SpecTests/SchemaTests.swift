import Foundation
import Testing
@testable import Spec

@Suite struct SchemaTests {
    static let schemaPath = Fixtures.repository + "/schema/mydocker-spec.schema.json"

    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = FileManager.default.contents(atPath: Self.schemaPath).map { String(decoding: $0, as: UTF8.self) }
        if Fixtures.updating {
            _ = FileManager.default.createFile(atPath: Self.schemaPath, contents: Data(SpecSchema.jsonText.utf8))
            Issue.record("rewrote \(Self.schemaPath)")
            return
        }
        #expect(committed == SpecSchema.jsonText, "schema/mydocker-spec.schema.json differs from SpecSchema.jsonText: rerun the tests with MYDOCKER_UPDATE_GOLDENS=1")
    }

    /// Every key the loader knows is in the schema file, and the schema file has no other key.
    @Test func schemaFileAndLoaderKnowTheSameKeys() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.schemaPath))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var inFile: [String] = []
        Self.collectKeys(json, prefix: "", into: &inFile)
        #expect(Set(inFile) == Set(SpecSchema.keyPaths))
        #expect(inFile.count == Set(inFile).count)
        #expect(SpecSchema.keyPaths.contains("linux.namespaces[].path"))
        #expect(SpecSchema.keyPaths.contains("process.user.additionalGids"))
    }

    static func collectKeys(_ schema: [String: Any], prefix: String, into out: inout [String]) {
        if let properties = schema["properties"] as? [String: Any] {
            for (name, sub) in properties {
                let path = prefix.isEmpty ? name : prefix + "." + name
                out.append(path)
                if let sub = sub as? [String: Any] { collectKeys(sub, prefix: path, into: &out) }
            }
        }
        if let items = schema["items"] as? [String: Any] { collectKeys(items, prefix: prefix + "[]", into: &out) }
        if let options = schema["oneOf"] as? [[String: Any]] {
            for option in options { collectKeys(option, prefix: prefix, into: &out) }
        }
    }

    @Test func everyObjectForbidsOtherKeysAndEveryPropertyIsDescribed() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.schemaPath))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        #expect(json["$id"] as? String == SpecSchema.schemaID)
        var problems: [String] = []
        func walk(_ s: [String: Any], _ path: String) {
            let freeKeys = ["annotations", "linux.resources.rdma", "linux.resources.unified", "linux.sysctl", "network.hosts"]
            if s["type"] as? String == "object", s["additionalProperties"] as? Bool != false, !freeKeys.contains(path) {
                problems.append("\(path): additionalProperties is not false")
            }
            for (name, sub) in (s["properties"] as? [String: Any]) ?? [:] {
                guard let sub = sub as? [String: Any] else { continue }
                if (sub["description"] as? String ?? "").isEmpty { problems.append("\(path).\(name): no description") }
                walk(sub, path.isEmpty ? name : path + "." + name)
            }
            if let items = s["items"] as? [String: Any] { walk(items, path + "[]") }
            for option in (s["oneOf"] as? [[String: Any]]) ?? [] { walk(option, path) }
        }
        walk(json, "")
        #expect(problems == [])
    }

    /// Every example spec starts with the yaml-language-server modeline, and it points at the committed schema.
    @Test func everyExampleSpecPointsEditorsAtTheSchema() throws {
        let folder = Fixtures.repository + "/specs"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter(SpecFile.isSpecName).sorted()
        #expect(names.count >= 8)
        let modeline = "# yaml-language-server: $schema=../schema/mydocker-spec.schema.json"
        for name in names {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            #expect(text.split(separator: "\n", maxSplits: 1).first.map(String.init) == modeline, "specs/\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/../schema/mydocker-spec.schema.json"))
    }

    /// The loader refuses the OCI keys it does not implement, and none of them is in the schema.
    @Test func unsupportedKeysAreNotInTheSchema() {
        let known = Set(SpecSchema.keyPaths.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
        for object in [SpecSchema.spec, SpecSchema.process, SpecSchema.user, SpecSchema.linux, SpecSchema.mount] {
            for key in object.unsupported {
                #expect(object.property(key) == nil, "\(key) is both supported and unsupported")
            }
        }
        #expect(!known.contains("commandLine"))
        #expect(known.contains("capabilities"))
    }
}
