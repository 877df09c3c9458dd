import Foundation
import Spec
import StartingSpec
import Testing
import YAML

/// A ContainerSpec written as JSON and as YAML reads back to the same model.
@Suite struct SpecWriterTests {
    /// The fixture with every key the loader knows (and so every resource), through both writers.
    @Test func everyKeyRoundTrips() throws {
        let base = Repository.path + "/Tests/SpecTests/Fixtures/ok"
        let text = try #require(Repository.text("Tests/SpecTests/Fixtures/ok/every-key.yaml"))
        let spec = try Loading.load(text, file: base + "/every-key.yaml", baseDirectory: base)
        #expect(spec.linux.resources?.memory != nil && spec.linux.timeOffsets != nil && spec.annotations.count == 2)
        let json = try Loading.load(spec.jsonText(), file: base + "/every-key.json", baseDirectory: base)
        #expect(json.withoutSource == spec.withoutSource)
        let yaml = try Loading.load(YAMLText().render(spec.jsonValue(namespaces: .short)), file: base + "/every-key.yaml", baseDirectory: base)
        #expect(yaml.withoutSource == spec.withoutSource)
    }

    @Test func theJSONIsJSONWithTheKeysRuncWrites() throws {
        let text = StartingSpec.jsonText(StartingSpec.spec())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["ociVersion", "hostname", "root", "process", "mounts", "linux"])
        let process = try #require(object["process"] as? [String: Any])
        #expect(Set(process.keys) == ["terminal", "user", "args", "env", "cwd", "capabilities", "rlimits", "noNewPrivileges"])
        let user = try #require(process["user"] as? [String: Any])
        #expect(user["uid"] as? Int == 0 && user["gid"] as? Int == 0)
        let linux = try #require(object["linux"] as? [String: Any])
        #expect(Set(linux.keys) == ["namespaces", "resources", "maskedPaths", "readonlyPaths"])
        let namespaces = try #require(linux["namespaces"] as? [[String: String]])
        #expect(namespaces.first == ["type": "pid"])
        #expect(text.hasSuffix("}\n"))
    }

    /// Strings YAML would read as something else, or that plain scalars cannot hold, are quoted; each reads back.
    @Test(arguments: ["true", "false", "null", "~", "", "1", "-1", "0x10", "1.5", ".inf", "yes", "No", "on", "OFF", "y",
                      "-", "- x", "a: b", "a:", "#x", "x #y", "[x]", "a,b", "{", "*ref", "&a", "!tag", "|", ">", "'q'", "\"q\"",
                      "%x", "@x", "`x`", " lead", "trail ", "line\nbreak", "tab\there", "bell\u{7}", "del\u{7F}", "nel\u{85}",
                      "ls\u{2028}", "bom\u{FEFF}", "back\\slash", "café", "PATH=/usr/bin:/bin", "-c", "mode=0620", "0 0", "?x", ":x"])
    func scalarsReadBackAsTheSameString(text: String) throws {
        let yaml = "k: " + YAMLText.scalar(text) + "\nl: [" + YAMLText.scalar(text) + ", z]\n"
        let root = try YAMLParser.parse(Array(yaml.utf8))
        let pairs = try #require(root.mapping)
        #expect(pairs[0].value.resolved == .string(text), "\(yaml)")
        #expect(pairs[1].value.sequence?.first?.resolved == .string(text), "\(yaml)")
    }

    @Test func plainWordsStayPlain() {
        for word in ["sh", "/bin/sh", "-c", "PATH=/usr/bin:/bin", "nosuid", "mode=755", "SCMP_ACT_ALLOW", "1.2.0", "net.ipv4.ip_forward"] {
            #expect(YAMLText.scalar(word) == word)
        }
    }

    @Test func longListsWrapAndSmallMappingsInListsAreFlowWhenAllFit() throws {
        let value = JSONValue.object([
            ("names", .array((0..<40).map { .string("call\($0)") })),
            ("small", .array([.object([("a", .int(1)), ("b", .string("x"))]), .object([("a", .int(2))])])),
            ("mixed", .array([.object([("a", .int(1))]), .object([("a", .string(String(repeating: "w", count: 120)))])])),
            ("empty", .array([])),
            ("none", .object([])),
        ])
        let text = YAMLText(comments: ["/small": ["two of them"], "/mixed/1": ["", "the long one"]], width: 60).render(value, header: ["head"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# head")
        #expect(lines.allSatisfy { $0.count <= 60 || $0.contains("wwww") })
        #expect(text.contains("# two of them\nsmall:\n  - {a: 1, b: x}\n  - {a: 2}\n"))
        #expect(text.contains("mixed:\n  - a: 1\n\n  # the long one\n  - a: "))
        #expect(text.contains("empty: []\nnone: {}\n"))
        let names = text.split(separator: "\n").filter { $0.hasPrefix("names:") || $0.hasPrefix("  call") }
        #expect(names.count > 1)
        let root = try YAMLParser.parse(Array(text.utf8))
        let read = try #require(root.mapping?.first?.value.sequence)
        #expect(read.count == 40 && read.last?.resolved == .string("call39"))
    }
}
