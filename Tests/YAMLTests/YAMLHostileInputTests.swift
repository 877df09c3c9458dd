import Testing
import YAML

/// Each hostile input must be refused with a clear error, without expanding or recursing without bound.
@Suite struct YAMLHostileInputTests {
    @Test func aliasBombIsRefusedWithoutExpandingIt() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...12 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        #expect(throws: YAMLError(.tooManyNodes, "the document has more than 100000 nodes once its aliases are followed; refusing it (an alias bomb?)", at: Mark(line: 5, column: 45))) {
            try YAMLParser.parse(Array(text.utf8))
        }
    }

    @Test func tenThousandNestedSequencesStopAtTheDepthLimit() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: YAMLError(.tooDeep, "collections nest deeper than 64 levels; refusing the document", at: Mark(line: 1, column: 65))) {
            try YAMLParser.parse(Array(text.utf8))
        }
    }

    @Test func deepBlockMappingsStopAtTheDepthLimit() {
        var text = ""
        for i in 0..<200 { text += String(repeating: " ", count: i) + "k:\n" }
        #expect(throws: YAMLError(.tooDeep, "collections nest deeper than 64 levels; refusing the document", at: Mark(line: 65, column: 65))) {
            try YAMLParser.parse(Array(text.utf8))
        }
    }

    @Test func aliasesCountTowardsTheDepthLimit() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let text = "a: &d \(deep)\nb: " + String(repeating: "[", count: 30) + "*d" + String(repeating: "]", count: 30) + "\n"
        #expect(throws: YAMLError(.tooDeep, "collections nest deeper than 64 levels; refusing the document", at: Mark(line: 2, column: 34))) {
            try YAMLParser.parse(Array(text.utf8))
        }
    }

    @Test func fiveMegabyteInputIsRefusedByItsSize() {
        let line = Array("- 0123456789012345678901234567890123456789012345678901234567890123456789\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count < 5 * 1024 * 1024 { bytes += line }
        #expect(throws: YAMLError(.tooLarge, "the input is larger than 1 MiB, the most mydocker reads from one file", at: Mark(line: 1, column: 1))) {
            try YAMLParser.parse(bytes)
        }
    }

    @Test func invalidUTF8IsRefusedWithItsPosition() {
        #expect(throws: YAMLError(.syntax, "not valid UTF-8: invalid leading UTF-8 octet (0xFF at byte 13)", at: Mark(line: 2, column: 7))) {
            try YAMLParser.parse(Array("a: ok\nb: \"é ".utf8) + [0xFF] + Array("\"\n".utf8))
        }
    }

    @Test func binaryDataIsRefused() {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]
        #expect(throws: YAMLError(.syntax, "control characters are not allowed (U+007F at byte 0); is this a binary file?", at: Mark(line: 1, column: 1))) {
            try YAMLParser.parse(bytes)
        }
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n   \n"])
    func emptyTextIsRefused(text: String) {
        #expect(throws: YAMLError(.empty, "the file is empty: it holds no YAML document", at: Mark(line: 1, column: 1))) {
            try YAMLParser.parse(Array(text.utf8))
        }
    }

    @Test func aSecondDocumentIsRefusedWhereItStarts() {
        #expect(throws: YAMLError(.multipleDocuments, "a second YAML document starts here; a spec file holds exactly one document", at: Mark(line: 3, column: 1))) {
            try YAMLParser.parse(Array("a: 1\n# next\n---\nb: 2\n".utf8))
        }
        #expect(throws: YAMLError(.multipleDocuments, "a second YAML document starts here; a spec file holds exactly one document", at: Mark(line: 3, column: 1))) {
            try YAMLParser.parse(Array("---\na: 1\n---\n".utf8))
        }
    }

    @Test func customLimitsAreHonoured() {
        let limits = YAMLLimits(maxBytes: 10, maxDepth: 2, maxNodes: 3)
        #expect(throws: YAMLError(.tooLarge, "the input is larger than 10 bytes, the most mydocker reads from one file", at: Mark(line: 1, column: 1))) {
            try YAMLParser.parse(Array("a: 1\nb: 2\nc: 3\n".utf8), limits: limits)
        }
        #expect(throws: YAMLError(.tooManyNodes, "the document has more than 3 nodes once its aliases are followed; refusing it (an alias bomb?)", at: Mark(line: 1, column: 6))) {
            try YAMLParser.parse(Array("[a,b,c]".utf8), limits: limits)
        }
    }

    /// An alias stands for its anchor's text: a long scalar repeated through aliases is refused by what it would
    /// cost to copy out, not counted as one node a use.
    @Test func aliasesOfALongScalarCountItsLength() {
        var text = "a: &a \"" + String(repeating: "x", count: 100_000) + "\"\nb: ["
        text += Array(repeating: "*a", count: 11).joined(separator: ", ") + "]\n"
        #expect(throws: YAMLError(.tooManyNodes, "the document's aliases stand for more than 1 MiB of text once followed; refusing it (an alias bomb?)", at: Mark(line: 2, column: 45))) {
            try YAMLParser.parse(Array(text.utf8))
        }
        // Ten uses of it are a megabyte at most: read as usual.
        let ten = "a: &a \"" + String(repeating: "x", count: 100_000) + "\"\nb: [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n"
        #expect(throws: Never.self) { try YAMLParser.parse(Array(ten.utf8)) }
    }

    /// A collection's aliases weigh the text inside it, aliases within included.
    @Test func aliasesOfACollectionCountTheTextInside() {
        var text = "a: &a \"" + String(repeating: "x", count: 10_000) + "\"\nb: &b [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n"
        text += "c: [" + Array(repeating: "*b", count: 10).joined(separator: ", ") + "]\n"
        #expect(throws: YAMLError.self) { try YAMLParser.parse(Array(text.utf8)) }
    }

    @Test func customAliasTextLimit() {
        let limits = YAMLLimits(maxAliasedBytes: 5)
        #expect(throws: YAMLError(.tooManyNodes, "the document's aliases stand for more than 5 bytes of text once followed; refusing it (an alias bomb?)", at: Mark(line: 2, column: 9))) {
            try YAMLParser.parse(Array("a: &a abc\nb: [*a, *a]\n".utf8), limits: limits)
        }
    }
}

