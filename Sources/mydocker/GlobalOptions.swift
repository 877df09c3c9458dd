import Arguments
import Glibc
import LinuxSystem
import Spec

/// runc's global options, given before the command (`mydocker --root D --log F --log-format json create …`, as
/// containerd's shim and conmon call a runtime): where errors are logged and in which form, debugging, and the
/// systemd cgroup manager (refused: mydocker makes cgroups through cgroupfs only).
enum GlobalOptions {
    static let arguments: [ArgumentSpec] = [
        .option("log", valueName: "file", help: "Also write errors to this file (runc's --log; engines read it).", completion: .files(extensions: [])),
        .option("log-format", valueName: "format", help: "The --log file's format: text or json (one {\"level\",\"msg\",\"time\"} object a line).",
                allowedValues: LogFormat.allCases.map(\.rawValue), defaultValue: LogFormat.text.rawValue),
        .flag("debug", help: "Log debugging lines too (the command run) to the --log file."),
        .flag("systemd-cgroup", help: "Use systemd's cgroup manager: refused, mydocker manages cgroups through cgroupfs."),
    ]

    enum LogFormat: String, CaseIterable {
        case text, json
    }

    /// The --log file, opened for appending, and its format; nil without --log.
    nonisolated(unsafe) static var log: (fd: Int32, format: LogFormat)?

    /// Reads the global options given before the command's name in `arguments` (the parser has checked them), opens
    /// the log, and refuses --systemd-cgroup. Returns an exit status when the command must not run.
    static func take(_ arguments: [String]) -> Int32? {
        var logPath: String?
        var format = LogFormat.text
        var debug = false
        var systemd = false
        var index = 0
        func value(_ word: String, _ name: String) -> String? {
            if word.hasPrefix("--\(name)=") { return String(word.dropFirst(name.count + 3)) }
            guard word == "--\(name)", index + 1 < arguments.count else { return nil }
            index += 1
            return arguments[index]
        }
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let word = arguments[index]
            if let path = value(word, "log") {
                logPath = path
            } else if let text = value(word, "log-format") {
                format = LogFormat(rawValue: text) ?? .text
            } else if word == "--debug" {
                debug = true
            } else if word == "--systemd-cgroup" {
                systemd = true
            } else if value(word, "root") != nil || word == "--" {
                // --root's value is skipped; `--` ends the options
            }
            index += 1
        }
        if let logPath {
            let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 { log = (fd, format) } else {
                StateConsole.error("mydocker: --log \(logPath): \(SystemError(call: "open", errno: errno).reason)\n")
            }
        }
        if debug, index < arguments.count { record(level: "debug", "mydocker " + arguments.joined(separator: " ")) }
        if systemd {
            StateConsole.error("mydocker: --systemd-cgroup: mydocker manages cgroups through cgroupfs only (no systemd cgroup manager); give linux.cgroupsPath as a path\n")
            return 1
        }
        return nil
    }

    /// Writes `message` to the --log file, if any, as runc's logrus writes it: `{"level":…,"msg":…,"time":…}` or
    /// `time="…" level=… msg="…"`, one line.
    static func record(level: String, _ message: String) {
        guard let log else { return }
        var text = message
        while text.hasSuffix("\n") { text.removeLast() }
        let time = timestamp()
        let line: String
        switch log.format {
        case .json:
            line = "{\"level\":\"\(level)\",\"msg\":\(JSONValue.quote(text)),\"time\":\"\(time)\"}\n"
        case .text:
            line = "time=\"\(time)\" level=\(level) msg=\(JSONValue.quote(text))\n"
        }
        StateConsole.write(log.fd, Array(line.utf8))
    }

    /// Now, as RFC 3339 in UTC with nanoseconds (`2024-05-01T12:00:00.123456789Z`), as runc's log and state show it.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Timestamp.rfc3339(seconds: Int64(now.tv_sec), nanoseconds: Int64(now.tv_nsec))
    }
}
