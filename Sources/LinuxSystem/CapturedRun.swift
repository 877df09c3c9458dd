import CShim
import Glibc

/// A host program run to the end with its standard output captured (`top` runs ps(1) with the options it is
/// given, as docker's does): stdin from /dev/null, stderr ours unless it is to be quiet.
public enum CapturedRun {
    /// Runs `arguments` (the program looked up in PATH of `environment`) and returns how it ended and what it
    /// wrote to stdout; with `quiet`, what it writes to stderr goes to /dev/null.
    public static func run(_ arguments: [String], environment: [String], quiet: Bool = false) throws(SystemError) -> (exit: ProcessExit, output: [UInt8]) {
        let program = arguments.first ?? ""
        let null = try FileDescriptor.open("/dev/null", O_RDWR)
        let pipe = try Pipe()
        var request = SpawnRequest(arguments: arguments, environment: environment)
        request.candidates = ExecSearch.candidates(for: program, path: ExecSearch.path(in: environment))
        request.descriptors = [null.rawValue, pipe.write.rawValue, quiet ? null.rawValue : 2]
        let pid: Int32
        do {
            pid = try request.start()
        } catch {
            var failure = error.systemError
            if error.stage == MD_SPAWN_STAGE_EXEC { failure.call = "execve \(program)" }
            throw failure
        }
        let output = pipe.readEnd()
        let bytes = Sys.readAll(output.rawValue) ?? []
        var status: Int32 = 0
        let waited = retryingOnInterrupt { waitpid(pid, &status, 0) }
        guard waited.result == pid else { throw SystemError(call: "waitpid(\(pid))", errno: waited.errno) }
        return (ProcessExit(waitStatus: status), bytes)
    }
}
