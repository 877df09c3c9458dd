import Foundation

/// What a finished process gave: its exit status, standard output (as bytes and as text) and standard error.
struct ProcessOutput: Equatable, CustomStringConvertible {
    var status: Int32
    var stdoutData: Data
    var stderr: String

    init(status: Int32, stdoutData: Data, stderr: String) {
        self.status = status
        self.stdoutData = stdoutData
        self.stderr = stderr
    }

    init(status: Int32, stdout: String, stderr: String) {
        self.init(status: status, stdoutData: Data(stdout.utf8), stderr: stderr)
    }

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }

    var description: String { "status \(status), stdout \(stdout.debugDescription), stderr \(stderr.debugDescription)" }
}
