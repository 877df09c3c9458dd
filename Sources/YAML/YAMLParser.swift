/// Parses one YAML document into a ``Node`` tree, refusing hostile input within ``YAMLLimits``.
public enum YAMLParser {
    /// The single document in `bytes` (UTF-8). Throws for syntax errors, an empty text, a second document,
    /// and for input beyond the limits (size, nesting depth, node count with aliases followed).
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> Node {
        if bytes.count > limits.maxBytes {
            throw YAMLError(.tooLarge, "the input is larger than \(byteCount(limits.maxBytes)), the most mydocker reads from one file", at: Mark(line: 1, column: 1))
        }
        let result: Result<Node, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(YAMLError) {
                var composer = try Composer(parser: LibYAMLParser(input: buffer), limits: limits)
                return .success(try composer.document())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let node):
            return node
        case .failure(var error):
            if error.kind == .syntax, let offset = LineTable(bytes).offset(of: error.mark), offset < bytes.count,
               bytes[offset] == UInt8(ascii: "\t") {
                error.message += " (a tab: YAML indents with spaces only)"
            }
            throw error
        }
    }
}

/// Builds nodes from libyaml's events with an explicit stack (no recursion, so depth costs no C stack).
private struct Composer {
    struct Frame {
        var isMapping: Bool
        var start: Mark
        var tag: String?
        var anchor: String?
        var children: [Node] = []
        /// Collections below this one, deepest path (0 when only scalars).
        var height = 0
        /// The node counter when this collection started, to weigh it for aliases.
        var countAtStart: Int
        /// The text counter when this collection started.
        var textAtStart: Int
    }

    struct Anchored {
        var node: Node
        var weight: Int
        /// The bytes of scalar text the node holds, its aliases followed.
        var text: Int
        var height: Int
    }

    let parser: LibYAMLParser
    let limits: YAMLLimits
    var frames: [Frame] = []
    var anchors: [String: Anchored] = [:]
    /// Nodes so far, aliases counted as the size of what they stand for.
    var count = 0
    /// Bytes of scalar text so far, aliases counted as the text they stand for.
    var text = 0
    /// Bytes of scalar text the aliases so far stand for.
    var aliasedText = 0
    var root: Node?

    init(parser: LibYAMLParser, limits: YAMLLimits) {
        self.parser = parser
        self.limits = limits
    }

    mutating func document() throws(YAMLError) -> Node {
        var documents = 0
        while true {
            switch try parser.next() {
            case .streamStart, .documentEnd:
                continue
            case .streamEnd:
                guard let root else {
                    throw YAMLError(.empty, "the file is empty: it holds no YAML document", at: Mark(line: 1, column: 1))
                }
                return root
            case .documentStart(let mark):
                documents += 1
                if documents > 1 {
                    throw YAMLError(.multipleDocuments, "a second YAML document starts here; a spec file holds exactly one document", at: mark)
                }
            case .alias(let name, let start, let end):
                guard let target = anchors[name] else {
                    let open = frames.contains { $0.anchor == name }
                    throw YAMLError(.alias, open
                        ? "alias *\(name) refers to a node that contains it"
                        : "alias *\(name) refers to no anchor defined before it", at: start)
                }
                try countNodes(target.weight, at: start)
                try countAliasedText(target.text, at: start)
                if frames.count + target.height > limits.maxDepth {
                    throw tooDeep(at: start)
                }
                var node = target.node
                node.start = start
                node.end = end
                node.alias = name
                node.anchor = nil
                add(node, height: target.height)
            case .scalar(let scalar, let tag, let anchor, let start, let end):
                try countNodes(1, at: start)
                let size = scalar.value.utf8.count
                text += size
                let node = Node(content: .scalar(scalar), start: start, end: end, tag: tag, anchor: anchor)
                if let anchor { anchors[anchor] = Anchored(node: node, weight: 1, text: size, height: 0) }
                add(node, height: 0)
            case .sequenceStart(let tag, let anchor, let start):
                try open(isMapping: false, tag: tag, anchor: anchor, start: start)
            case .mappingStart(let tag, let anchor, let start):
                try open(isMapping: true, tag: tag, anchor: anchor, start: start)
            case .sequenceEnd(let end), .mappingEnd(let end):
                close(end: end)
            }
        }
    }

    private mutating func open(isMapping: Bool, tag: String?, anchor: String?, start: Mark) throws(YAMLError) {
        if frames.count + 1 > limits.maxDepth { throw tooDeep(at: start) }
        try countNodes(1, at: start)
        frames.append(Frame(isMapping: isMapping, start: start, tag: tag, anchor: anchor, countAtStart: count - 1, textAtStart: text))
    }

    private mutating func close(end: Mark) {
        guard let frame = frames.popLast() else { return }
        let content: Node.Content
        if frame.isMapping {
            var pairs: [Pair] = []
            pairs.reserveCapacity(frame.children.count / 2)
            var i = 0
            while i + 1 < frame.children.count {
                pairs.append(Pair(key: frame.children[i], value: frame.children[i + 1]))
                i += 2
            }
            content = .mapping(pairs)
        } else {
            content = .sequence(frame.children)
        }
        let node = Node(content: content, start: frame.start, end: end, tag: frame.tag, anchor: frame.anchor)
        let height = frame.height + 1
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, weight: count - frame.countAtStart, text: text - frame.textAtStart, height: height)
        }
        add(node, height: height)
    }

    private mutating func add(_ node: Node, height: Int) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        frames[frames.count - 1].children.append(node)
        frames[frames.count - 1].height = max(frames[frames.count - 1].height, height)
    }

    private mutating func countNodes(_ n: Int, at mark: Mark) throws(YAMLError) {
        count += n
        if count > limits.maxNodes {
            throw YAMLError(.tooManyNodes, "the document has more than \(limits.maxNodes) nodes once its aliases are followed; refusing it (an alias bomb?)", at: mark)
        }
    }

    /// An alias stands for `size` bytes of scalar text: counted as if it were copied out, so that a long scalar
    /// repeated through aliases is refused before anything reads it once per use.
    private mutating func countAliasedText(_ size: Int, at mark: Mark) throws(YAMLError) {
        text += size
        aliasedText += size
        if aliasedText > limits.maxAliasedBytes {
            throw YAMLError(.tooManyNodes, "the document's aliases stand for more than \(byteCount(limits.maxAliasedBytes)) of text once followed; refusing it (an alias bomb?)", at: mark)
        }
    }

    private func tooDeep(at mark: Mark) -> YAMLError {
        YAMLError(.tooDeep, "collections nest deeper than \(limits.maxDepth) levels; refusing the document", at: mark)
    }
}
