import Glibc
import LinuxSystem

/// One CNI plugin run as the CNI specification says (and libcni does): the executable found in CNI_PATH, the
/// command and the container in the environment, the network configuration on standard input, the result or the
/// error as JSON on standard output.
public struct CNIPlugin: Sendable {
    /// Where Debian's containernetworking-plugins puts them.
    public static let defaultPath = "/usr/lib/cni"

    /// The folders plugins are looked for in: `$CNI_PATH` when set (colon-separated, as cnitool reads it), else
    /// ``defaultPath``.
    public static var configuredPath: String {
        if let value = getenv("CNI_PATH"), value.pointee != 0 { return String(cString: value) }
        return defaultPath
    }

    public enum Command: String, Sendable {
        case add = "ADD", check = "CHECK", del = "DEL"
    }

    /// The plugin's `type`: its executable's name.
    public var type: String
    public var searchPath: String

    public init(type: String, searchPath: String = CNIPlugin.configuredPath) {
        self.type = type
        self.searchPath = searchPath
    }

    /// The executable, from the first folder of CNI_PATH that has it.
    public var executable: String? {
        searchPath.split(separator: ":").map { "\($0)/\(type)" }.first { access($0, X_OK) == 0 }
    }

    /// Runs the plugin; returns what it wrote on standard output when it succeeded, else throws with the plugin's
    /// own message (the `msg` and `details` of its error JSON, or its standard error).
    public func run(_ command: Command, containerID: String, netns: String, ifName: String, config: [UInt8],
                    args: String? = nil) throws(NetworkError) -> [UInt8] {
        let what = "CNI \(command.rawValue) \(type)"
        guard let executable else {
            throw NetworkError(what: what, cause: SystemError(call: "find \(type) in CNI_PATH \(searchPath)", errno: ENOENT),
                               hint: "install Debian's containernetworking-plugins (scripts/install-deps.sh)")
        }
        var environment = [
            "CNI_COMMAND=\(command.rawValue)", "CNI_CONTAINERID=\(containerID)", "CNI_NETNS=\(netns)",
            "CNI_IFNAME=\(ifName)", "CNI_PATH=\(searchPath)",
            // The plugins run iptables and ip; Debian's are in the sbin folders.
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        if let args { environment.append("CNI_ARGS=\(args)") }
        let output: (exit: ProcessExit, output: [UInt8], errors: [UInt8])
        do {
            output = try CapturedRun.run([executable], environment: environment, input: config)
        } catch {
            throw NetworkError(what: what, cause: error)
        }
        guard output.exit == .exited(0) else {
            let message = CNIResult.errorMessage(output.output) ?? String(decoding: output.errors, as: UTF8.self)
            let trimmed = message.split(whereSeparator: \.isNewline).joined(separator: " ")
            throw NetworkError(what: what, hint: "\(executable) \(Self.ended(output.exit))" + (trimmed.isEmpty ? "" : ": \(trimmed)"))
        }
        return output.output
    }
}

extension CNIPlugin {
    static func ended(_ exit: ProcessExit) -> String {
        switch exit {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "was killed by signal \(signal)"
        }
    }
}
