internal import CYaml

/// One libyaml parser over a buffer the caller keeps alive; frees everything in `deinit`.
/// The only place C types of libyaml appear.
final class LibYAMLParser {
    enum Event {
        case streamStart
        case streamEnd
        case documentStart(Mark)
        case documentEnd
        case alias(String, start: Mark, end: Mark)
        case scalar(Scalar, tag: String?, anchor: String?, start: Mark, end: Mark)
        case sequenceStart(tag: String?, anchor: String?, start: Mark)
        case sequenceEnd(end: Mark)
        case mappingStart(tag: String?, anchor: String?, start: Mark)
        case mappingEnd(end: Mark)
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeBufferPointer<UInt8>
    private var initialized = false

    /// `input` must stay valid for the parser's whole life.
    init(input: UnsafeBufferPointer<UInt8>) throws(YAMLError) {
        self.input = input
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(.syntax, "libyaml could not set up a parser (out of memory)", at: Mark(line: 1, column: 1))
        }
        initialized = true
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        if let base = input.baseAddress {
            yaml_parser_set_input_string(parser, base, input.count)
        } else {
            // An empty buffer may have no address; give libyaml an empty string that outlives the call.
            yaml_parser_set_input_string(parser, LibYAMLParser.emptyInput, 0)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        event.deallocate()
    }

    static var emptyInputPointer: UnsafeMutablePointer<UInt8> { emptyInput }

    nonisolated(unsafe) private static let emptyInput: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    func next() throws(YAMLError) -> Event {
        guard yaml_parser_parse(parser, event) == 1 else { throw currentError() }
        defer { yaml_event_delete(event) }
        let e = event.pointee
        let start = LibYAMLParser.mark(e.start_mark)
        let end = LibYAMLParser.mark(e.end_mark)
        switch e.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(LibYAMLParser.string(e.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let value: String
            if let v = s.value {
                value = String(decoding: UnsafeBufferPointer(start: v, count: s.length), as: UTF8.self)
            } else {
                value = ""
            }
            let style: Scalar.Style = switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            return .scalar(Scalar(value, style: style), tag: LibYAMLParser.string(s.tag),
                           anchor: LibYAMLParser.string(s.anchor), start: start, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let s = e.data.sequence_start
            return .sequenceStart(tag: LibYAMLParser.string(s.tag), anchor: LibYAMLParser.string(s.anchor), start: start)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let m = e.data.mapping_start
            return .mappingStart(tag: LibYAMLParser.string(m.tag), anchor: LibYAMLParser.string(m.anchor), start: start)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: end)
        default:
            throw YAMLError(.syntax, "libyaml returned no event", at: start)
        }
    }

    /// libyaml's own words for what went wrong, at the position it names.
    private func currentError() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        switch p.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(.syntax, "libyaml ran out of memory", at: LibYAMLParser.mark(p.problem_mark))
        case YAML_READER_ERROR:
            let at = LineTable(Array(input)).mark(ofOffset: p.problem_offset)
            var detail = "byte \(p.problem_offset)"
            if p.problem_value >= 0 {
                let hex = String(UInt32(p.problem_value), radix: 16, uppercase: true)
                detail = (problem.contains("character") ? "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) : "0x") + hex + " at " + detail
            }
            let hint = problem.contains("control characters") ? "; is this a binary file?" : ""
            let what = problem.contains("UTF-8") ? "not valid UTF-8: " : ""
            return YAMLError(.syntax, "\(what)\(problem) (\(detail))\(hint)", at: at)
        default:
            let at = LibYAMLParser.mark(p.problem_mark)
            var message = problem
            if let context = p.context.map({ String(cString: $0) }) {
                let contextMark = LibYAMLParser.mark(p.context_mark)
                if let unclosed = unclosedConstruct(context: context, problem: problem, opening: contextMark, failure: at) {
                    return unclosed
                }
                message += " " + context + (contextMark == at ? "" : " at \(contextMark)")
            }
            return YAMLError(.syntax, message, at: at)
        }
    }

    /// A quoted scalar, flow sequence or flow mapping the text never closes: reported where it opens (the quote
    /// or bracket), with where the file ends as a note, since that is where a person has to look.
    private func unclosedConstruct(context: String, problem: String, opening: Mark, failure: Mark) -> YAMLError? {
        let table = LineTable(Array(input))
        guard problem.contains("end of stream") || failure >= table.endOfStream else { return nil }
        let message: String
        switch context {
        case "while scanning a quoted scalar":
            let quote = table.offset(of: opening).map { input[$0] == UInt8(ascii: "'") ? "'" : "\"" } ?? "\""
            message = "this quoted string is never closed: no closing \(quote) before the end of the file"
        case "while parsing a flow sequence":
            message = "this `[` is never closed: \(problem)"
        case "while parsing a flow mapping":
            message = "this `{` is never closed: \(problem)"
        default:
            return nil
        }
        return YAMLError(.syntax, message, at: opening, note: YAMLError.Note("the file ends here", at: failure))
    }

    private static func mark(_ m: yaml_mark_t) -> Mark {
        Mark(line: m.line + 1, column: m.column + 1)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}

/// libyaml's scanner alone: where each token of a text is, without parsing it.
enum LibYAMLScanner {
    /// Where scanning stopped short of the end of the text.
    enum Failure: Equatable {
        /// At this character (Unicode scalar, not counting a byte order mark): the earlier of the problem and
        /// the start of the construct it was scanning.
        case character(Int)
        /// At this byte of the input (libyaml's reader found bytes that are not text).
        case byte(Int)
    }

    /// The start and end of every token, as character indices (Unicode scalars after a byte order mark), in
    /// order, and where scanning failed if it did. Between two tokens there is only white space, line breaks and
    /// comments.
    static func tokens(of input: UnsafeBufferPointer<UInt8>) -> (spans: [Range<Int>], failure: Failure?) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let token = UnsafeMutablePointer<yaml_token_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            token.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { return ([], .character(0)) }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress ?? UnsafePointer(LibYAMLParser.emptyInputPointer), input.count)
        var spans: [Range<Int>] = []
        while true {
            guard yaml_parser_scan(parser, token) == 1 else {
                let p = parser.pointee
                if p.error == YAML_READER_ERROR { return (spans, .byte(p.problem_offset)) }
                var at = p.problem_mark.index
                if p.context != nil { at = min(at, p.context_mark.index) }
                return (spans, .character(at))
            }
            let t = token.pointee
            let done = t.type == YAML_STREAM_END_TOKEN
            if t.end_mark.index > t.start_mark.index {
                spans.append(t.start_mark.index..<t.end_mark.index)
            }
            yaml_token_delete(token)
            if done { return (spans, nil) }
        }
    }
}
