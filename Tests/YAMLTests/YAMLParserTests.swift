import Testing
import YAML

private func parse(_ text: String) throws(YAMLError) -> Node {
    try YAMLParser.parse(Array(text.utf8))
}

@Suite struct YAMLParserTests {
    @Test func nodesCarryOneBasedLinesAndColumns() throws {
        let root = try parse("a: 1\nb:\n  - x\n  - \"y\"\nc: {d: e}\n")
        #expect(root.start == Mark(line: 1, column: 1))
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalar?.value } == ["a", "b", "c"])
        #expect(pairs[0].key.start == Mark(line: 1, column: 1))
        #expect(pairs[0].value.start == Mark(line: 1, column: 4))
        let items = try #require(pairs[1].value.sequence)
        #expect(pairs[1].value.start == Mark(line: 3, column: 3))
        #expect(items[0].start == Mark(line: 3, column: 5))
        #expect(items[1].start == Mark(line: 4, column: 5))
        #expect(items[1].end == Mark(line: 4, column: 8))
        #expect(items[1].scalar == Scalar("y", style: .doubleQuoted))
        let inner = try #require(pairs[2].value.mapping)
        #expect(pairs[2].value.start == Mark(line: 5, column: 4))
        #expect(inner[0].key.start == Mark(line: 5, column: 5))
        #expect(inner[0].value.start == Mark(line: 5, column: 8))
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let root = try parse("k: \"é\"\nü: x # ç\n")
        let pairs = try #require(root.mapping)
        #expect(pairs[1].key.start == Mark(line: 2, column: 1))
        #expect(pairs[1].value.start == Mark(line: 2, column: 4))
        #expect(pairs[0].value.end == Mark(line: 1, column: 7))
    }

    @Test func keysKeepDocumentOrderAndDuplicates() throws {
        let root = try parse("z: 1\na: 2\nz: 3\n")
        #expect(try #require(root.mapping).map { $0.key.scalar?.value } == ["z", "a", "z"])
    }

    @Test func scalarStylesAreKept() throws {
        let root = try parse("- plain\n- 'single'\n- \"double\"\n- |\n  literal\n- >\n  folded\n")
        let styles = try #require(root.sequence).map { $0.scalar?.style }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    }

    @Test func jsonIsReadByTheSameParser() throws {
        let root = try parse("{\n  \"process\": {\"args\": [\"/bin/true\"], \"terminal\": false},\n  \"n\": 100\n}\n")
        let pairs = try #require(root.mapping)
        #expect(pairs[0].key.scalar == Scalar("process", style: .doubleQuoted))
        #expect(pairs[0].key.start == Mark(line: 2, column: 3))
        #expect(pairs[1].value.resolved == .int(100))
        let process = try #require(pairs[0].value.mapping)
        #expect(process[1].value.resolved == .bool(false))
    }

    @Test func aliasesShareTheAnchoredNodeAndKeepTheirOwnPosition() throws {
        let root = try parse("base: &ids [1, 2]\ncopy: *ids\n")
        let pairs = try #require(root.mapping)
        #expect(pairs[0].value.anchor == "ids")
        #expect(pairs[1].value.alias == "ids")
        #expect(pairs[1].value.start == Mark(line: 2, column: 7))
        #expect(pairs[1].value.content == pairs[0].value.content)
    }

    @Test func syntaxErrorsNameLibyamlsProblemAndPosition() {
        #expect(throws: YAMLError(.syntax, "mapping values are not allowed in this context", at: Mark(line: 1, column: 5))) {
            try parse("a: b: c\n")
        }
        #expect(throws: YAMLError(.syntax, "did not find expected ',' or ']' while parsing a flow sequence at 1:4", at: Mark(line: 2, column: 2))) {
            try parse("a: [1, 2\nb: 3\n")
        }
    }

    @Test func aTabInIndentationIsNamed() {
        #expect(throws: YAMLError(.syntax, "found character that cannot start any token while scanning for the next token (a tab: YAML indents with spaces only)", at: Mark(line: 2, column: 1))) {
            try parse("process:\n\targs: [x]\n")
        }
    }

    @Test func undefinedAndSelfContainingAliasesAreRefused() {
        #expect(throws: YAMLError(.alias, "alias *nope refers to no anchor defined before it", at: Mark(line: 1, column: 4))) {
            try parse("a: *nope\n")
        }
        #expect(throws: YAMLError(.alias, "alias *a refers to a node that contains it", at: Mark(line: 1, column: 5))) {
            try parse("&a [*a]\n")
        }
    }

    @Test func errorsPrintCompilerStyle() {
        let error = YAMLError(.syntax, "mapping values are not allowed in this context", at: Mark(line: 1, column: 5))
        #expect(error.description == "1:5: error: mapping values are not allowed in this context")
    }
}

@Suite struct ResolvedTests {
    @Test(arguments: [
        ("100", Resolved.int(100)), ("-7", .int(-7)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("\"100\"", .string("100")), ("'true'", .string("true")), ("true", .bool(true)), ("False", .bool(false)),
        ("yes", .string("yes")), ("~", .null), ("null", .null), ("1.5", .float(1.5)), ("1e3", .float(1000)),
        ("!!str 5", .string("5")), ("!!int \"12\"", .int(12)), ("99999999999999999999", .largeInt("99999999999999999999")),
        ("-9223372036854775808", .int(Int64.min)), ("0755", .int(755)), ("abc", .string("abc")), ("1.2.3", .string("1.2.3")),
    ])
    func plainScalarsFollowTheCoreSchema(text: String, expected: Resolved) throws {
        let root = try YAMLParser.parse(Array("v: \(text)\n".utf8))
        #expect(try #require(root.mapping)[0].value.resolved == expected)
    }

    @Test func emptyValueIsNull() throws {
        let root = try YAMLParser.parse(Array("v:\n".utf8))
        #expect(try #require(root.mapping)[0].value.resolved == .null)
    }
}
