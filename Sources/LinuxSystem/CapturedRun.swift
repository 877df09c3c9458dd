import CShim
import Glibc

/// A host program run to the end with its standard output captured (`top` runs ps(1) with the options it is
/// given, as docker's does): stdin from /dev/null, stderr ours unless it is to be quiet.
public enum CapturedRun {
    /// Runs `arguments` (the program looked up in PATH of `environment`) and returns how it ended and what it
    /// wrote to stdout; with `quiet`, what it writes to stderr goes to /dev/null.
    public static func run(_ arguments: [String], environment: [String], quiet: Bool = false) throws(SystemError) -> (exit: ProcessExit, output: [UInt8]) {
        let null = try FileDescriptor.open("/dev/null", O_RDWR)
        let pipe = try Pipe()
        let pid = try spawn(arguments, environment: environment,
                            descriptors: [null.rawValue, pipe.write.rawValue, quiet ? null.rawValue : 2])
        let output = pipe.readEnd()
        let bytes = Sys.readAll(output.rawValue) ?? []
        return (try wait(pid), bytes)
    }

    /// Runs `arguments` (the program looked up in PATH of `environment`) with `input` on its standard input and
    /// returns how it ended, its stdout and its stderr (the CNI plugins, iptables-restore). The input is written whole
    /// before the output is read: a few kilobytes, within a pipe's capacity.
    public static func run(_ arguments: [String], environment: [String], input: [UInt8]) throws(SystemError) -> (exit: ProcessExit, output: [UInt8], errors: [UInt8]) {
        let stdin = try Pipe()
        let stdout = try Pipe()
        let stderr = try Pipe()
        let pid = try spawn(arguments, environment: environment,
                            descriptors: [stdin.read.rawValue, stdout.write.rawValue, stderr.write.rawValue])
        let feed = stdin.writeEnd()
        // A program that ends without reading its input makes the write fail with EPIPE, not kill us with SIGPIPE
        // (ignored only now: the program, started already, keeps the default).
        let previous = signal(SIGPIPE, SIG_IGN)
        _ = Sys.writeAll(feed.rawValue, input)
        signal(SIGPIPE, previous)
        feed.close()
        let output = stdout.readEnd()
        let errors = stderr.readEnd()
        let bytes = Sys.readAll(output.rawValue, limit: 1 << 20) ?? []
        let messages = Sys.readAll(errors.rawValue, limit: 1 << 16) ?? []
        return (try wait(pid), bytes, messages)
    }

    /// A program started with its standard streams on /dev/null and not waited for yet: the caller does other work
    /// while it runs (mydocker deletes a bridge while iptables-restore runs, each waiting for the kernel), then
    /// ``finish()`` reaps it.
    public struct Started {
        public let pid: Int32

        /// Waits for the program; how it ended.
        public func finish() throws(SystemError) -> ProcessExit { try CapturedRun.wait(pid) }
    }

    /// Starts `arguments` (the program looked up in PATH of `environment`) without waiting for it.
    public static func start(_ arguments: [String], environment: [String]) throws(SystemError) -> Started {
        let null = try FileDescriptor.open("/dev/null", O_RDWR)
        return Started(pid: try spawn(arguments, environment: environment,
                                      descriptors: [null.rawValue, null.rawValue, null.rawValue]))
    }

    /// Starts `arguments`, the program looked up in PATH of `environment`, with `descriptors` as its 0, 1, 2.
    private static func spawn(_ arguments: [String], environment: [String], descriptors: [Int32]) throws(SystemError) -> Int32 {
        var request = SpawnRequest(arguments: arguments, environment: environment)
        request.candidates = ExecSearch.candidates(for: arguments.first ?? "", path: ExecSearch.path(in: environment))
        request.descriptors = descriptors
        do {
            return try request.start()
        } catch {
            var failure = error.systemError
            if error.stage == MD_SPAWN_STAGE_EXEC { failure.call = "execve \(arguments.first ?? "")" }
            throw failure
        }
    }

    private static func wait(_ pid: Int32) throws(SystemError) -> ProcessExit {
        var status: Int32 = 0
        let waited = retryingOnInterrupt { waitpid(pid, &status, 0) }
        guard waited.result == pid else { throw SystemError(call: "waitpid(\(pid))", errno: waited.errno) }
        return ProcessExit(waitStatus: status)
    }
}
