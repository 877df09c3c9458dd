import Arguments
import ContainerStore

/// `ps --filter KEY=VALUE`, as docker's: `name=` a regular expression found anywhere in the name, `status=` one of
/// docker's states. Values of one key are alternatives; different keys must all match.
struct PsFilter {
    static let statuses = ["created", "restarting", "running", "paused", "exited"]

    var names: [Regex<AnyRegexOutput>] = []
    var statuses: [String] = []

    init(_ words: [String], arguments: ParsedArguments) throws(ArgumentError) {
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw arguments.invalid("invalid filter '\(word)': give KEY=VALUE, name=… or status=…")
            }
            let key = word[..<equals]
            let value = String(word[word.index(after: equals)...])
            switch key {
            case "name":
                do {
                    names.append(try Regex(value))
                } catch {
                    throw arguments.invalid("invalid filter 'name=\(value)': not a regular expression: \(error)")
                }
            case "status":
                guard Self.statuses.contains(value) else {
                    throw arguments.invalid("invalid filter 'status=\(value)': a status is one of \(Self.statuses.joined(separator: ", "))")
                }
                statuses.append(value)
            default:
                throw arguments.invalid("invalid filter '\(key)': mydocker's ps filters by name= and status=")
            }
        }
    }

    /// A status filter lists ended containers without --all, as docker's does.
    var showsAll: Bool { !statuses.isEmpty }

    func matches(_ row: PsRow) -> Bool {
        // docker's names begin with "/": `name=^/web$` finds web too.
        let nameMatches = names.isEmpty || names.contains { pattern in
            (try? pattern.firstMatch(in: row.name)) != nil || (try? pattern.firstMatch(in: "/" + row.name)) != nil
        }
        let statusMatches = statuses.isEmpty || row.status.map { statuses.contains($0.dockerState) } == true
        return nameMatches && statusMatches
    }
}
