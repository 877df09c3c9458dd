import LinuxSystem
import Spec

/// The state file's text: one `key=value` per line, values escaped (`\\`, `\n`, `\r`), `env` and `args` repeated.
/// Unknown keys are skipped so that an older mydocker can read a newer file.
extension ContainerState {
    public static let formatVersion = 1

    public var text: String {
        var lines = ["# mydocker container state", "version=\(Self.formatVersion)"]
        func add(_ key: String, _ value: String?) {
            if let value { lines.append("\(key)=\(Self.escape(value))") }
        }
        add("name", name)
        add("status", status.rawValue)
        add("pid", process.map { String($0.pid) })
        add("pid.starttime", process.map { String($0.startTime) })
        add("monitor.pid", monitor.map { String($0.pid) })
        add("monitor.pid.starttime", monitor.map { String($0.startTime) })
        add("exit.code", exitCode.map { String($0) })
        add("exit.signal", signal.map { String($0) })
        add("exit.oom", oomKilled ? "1" : nil)
        add("memory.limit", memoryLimit.map { String($0) })
        add("error", error)
        add("created", String(created))
        add("created.nanoseconds", createdNanoseconds == 0 ? nil : String(createdNanoseconds))
        add("started", started.map { String($0) })
        add("finished", finished.map { String($0) })
        add("spec", specPath)
        add("spec.directory", specDirectory)
        add("bundle", bundle)
        add("hostmounts.root", hostMountRoot)
        add("hostmounts.baseline", hostMountRoot == nil ? nil : hostMountBaseline.map { String($0) }.joined(separator: ","))
        for word in args { add("args", word) }
        add("stop.signal", stopSignal.map { String($0) })
        add("log", logPath)
        add("user.uid", String(user.uid))
        add("user.gid", String(user.gid))
        add("user.groups", user.additionalGids.map { String($0) }.joined(separator: ","))
        add("cwd", cwd)
        for word in env { add("env", word) }
        add("cgroup", cgroup)
        for directory in cgroupDirectories { add("cgroup.directory", directory) }
        for (key, value) in confinementLines { add(key, value) }
        for (key, value) in restartLines { add(key, value) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why a state file's text cannot be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    public init(parsing text: String) throws(ParseError) {
        var values: [String: (line: Int, value: String)] = [:]
        var env: [String] = []
        var args: [String] = []
        var cgroupDirectories: [String] = []
        var rlimits: [(line: Int, value: String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            guard let equals = raw.firstIndex(of: "=") else {
                throw ParseError(line: lineNumber, message: "expected key=value, found \"\(raw)\"")
            }
            let key = String(raw[..<equals])
            let value = try Self.unescape(raw[raw.index(after: equals)...], line: lineNumber)
            if key == "env" {
                env.append(value)
            } else if key == "args" {
                args.append(value)
            } else if key == "cgroup.directory" {
                cgroupDirectories.append(value)
            } else if key == Self.rlimitKey {
                rlimits.append((lineNumber, value))
            } else {
                values[key] = (lineNumber, value)
            }
        }
        func required(_ key: String) throws(ParseError) -> String {
            guard let entry = values[key] else { throw ParseError(line: 0, message: "\"\(key)\" is missing") }
            return entry.value
        }
        func number<T: FixedWidthInteger>(_ key: String, as: T.Type) throws(ParseError) -> T? {
            guard let entry = values[key] else { return nil }
            guard let number = T(entry.value) else {
                throw ParseError(line: entry.line, message: "\"\(key)\" is not a number: \"\(entry.value)\"")
            }
            return number
        }
        func identity(_ prefix: String) throws(ParseError) -> ProcessIdentity? {
            guard let pid = try number(prefix + "pid", as: Int32.self) else { return nil }
            return ProcessIdentity(pid: pid, startTime: try number(prefix + "pid.starttime", as: UInt64.self) ?? 0)
        }

        if let version = try number("version", as: Int.self), version > Self.formatVersion {
            throw ParseError(line: values["version"]?.line ?? 0, message: "written by a newer mydocker (format \(version))")
        }
        let statusText = try required("status")
        guard let status = Status(rawValue: statusText) else {
            throw ParseError(line: values["status"]?.line ?? 0, message: "unknown status \"\(statusText)\"")
        }
        guard let created = try number("created", as: Int64.self) else {
            throw ParseError(line: 0, message: "\"created\" is missing")
        }
        var groups: [UInt32] = []
        if let entry = values["user.groups"], !entry.value.isEmpty {
            for word in entry.value.split(separator: ",") {
                guard let gid = UInt32(word) else {
                    throw ParseError(line: entry.line, message: "\"user.groups\" holds a non-number: \"\(word)\"")
                }
                groups.append(gid)
            }
        }
        self.init(
            name: try required("name"),
            status: status,
            process: try identity(""),
            monitor: try identity("monitor."),
            exitCode: try number("exit.code", as: Int32.self),
            signal: try number("exit.signal", as: Int32.self),
            error: values["error"]?.value,
            created: created,
            started: try number("started", as: Int64.self),
            finished: try number("finished", as: Int64.self),
            specPath: try required("spec"),
            logPath: values["log"]?.value,
            user: ContainerSpec.User(
                uid: try number("user.uid", as: UInt32.self) ?? 0,
                gid: try number("user.gid", as: UInt32.self) ?? 0,
                additionalGids: groups
            ),
            cwd: values["cwd"]?.value ?? "/",
            env: env,
            cgroup: values["cgroup"]?.value,
            cgroupDirectories: cgroupDirectories,
            oomKilled: values["exit.oom"]?.value == "1",
            memoryLimit: try number("memory.limit", as: Int64.self),
            confinement: try Self.parseConfinement(values, rlimits: rlimits),
            restart: try Self.parseRestart(values),
            specDirectory: values["spec.directory"]?.value,
            args: args,
            stopSignal: try number("stop.signal", as: Int32.self),
            bundle: values["bundle"]?.value
        )
        if let root = values["hostmounts.root"] {
            hostMountRoot = root.value
            let entry = values["hostmounts.baseline"]
            for word in (entry?.value ?? "").split(separator: ",") {
                guard let id = Int(word) else {
                    throw ParseError(line: entry?.line ?? 0, message: "\"hostmounts.baseline\" holds a non-number: \"\(word)\"")
                }
                hostMountBaseline.append(id)
            }
        }
        if let nanoseconds = try number("created.nanoseconds", as: Int64.self), (0..<1_000_000_000).contains(nanoseconds) {
            createdNanoseconds = nanoseconds
        }
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func unescape(_ value: Substring, line: Int) throws(ParseError) -> String {
        var out = ""
        var escaping = false
        for character in value.unicodeScalars {
            if escaping {
                switch character {
                case "\\": out += "\\"
                case "n": out += "\n"
                case "r": out += "\r"
                default: throw ParseError(line: line, message: "unknown escape \"\\\(character)\"")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        if escaping { throw ParseError(line: line, message: "a value ends with a lone \"\\\"") }
        return out
    }
}
