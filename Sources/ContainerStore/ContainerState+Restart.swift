/// The state file's keys for ``RestartState``, each written only when it says something (a file without them, as
/// an older mydocker wrote it, reads as no policy):
///
///     restart=on-failure:3      the policy (`apply --restart`)
///     restart.count=2           restarts so far
///     restart.cancelled=1       the user ended it: no more restarts
///     restart.stopped-by-user=1 the user signalled it: unless-stopped no longer restarts it
extension ContainerState {
    var restartLines: [(String, String)] {
        var lines: [(String, String)] = []
        if restart.policy != .no { lines.append(("restart", restart.policy.text)) }
        if restart.count > 0 { lines.append(("restart.count", String(restart.count))) }
        if restart.cancelled { lines.append(("restart.cancelled", "1")) }
        if restart.stoppedByUser { lines.append(("restart.stopped-by-user", "1")) }
        return lines
    }

    static func parseRestart(_ values: [String: (line: Int, value: String)]) throws(ParseError) -> RestartState {
        var restart = RestartState()
        if let entry = values["restart"] {
            do {
                restart.policy = try RestartPolicy(parsing: entry.value)
            } catch {
                throw ParseError(line: entry.line, message: error.description)
            }
        }
        if let entry = values["restart.count"] {
            guard let count = Int(entry.value), count >= 0 else {
                throw ParseError(line: entry.line, message: "\"restart.count\" is not a number: \"\(entry.value)\"")
            }
            restart.count = count
        }
        restart.cancelled = values["restart.cancelled"]?.value == "1"
        restart.stoppedByUser = values["restart.stopped-by-user"]?.value == "1"
        return restart
    }
}
