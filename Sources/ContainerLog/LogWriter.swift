import Glibc
import LinuxSystem

/// Appends a container's output to its log as records (``LogRecord``): what one read of the container's stdout or
/// stderr returned becomes one write(2) to the log, opened with O_APPEND.
public struct LogWriter: ~Copyable {
    let file: FileDescriptor
    /// Whether each stream's last record was a part (its next record goes on from it).
    var midLine: (stdout: Bool, stderr: Bool) = (false, false)

    /// The largest read the monitor makes: longer lines are cut into parts of this size.
    public static let chunkSize = 16_384

    public init(file: consuming FileDescriptor) {
        self.file = file
    }

    /// Opens `path` to append to (it must exist: the store made it with the container).
    public init(appendingTo path: String) throws(SystemError) {
        file = try FileDescriptor.open(path, O_WRONLY | O_APPEND)
    }

    /// Records `bytes`, which the container wrote to `stream`, read at `time`; nil, or why the write failed (the
    /// output is then lost, not retried: the container must not wait for its log).
    @discardableResult
    public mutating func append(_ bytes: UnsafeRawBufferPointer, stream: LogStream, time: Int64 = LogTime.now()) -> SystemError? {
        guard !bytes.isEmpty else { return nil }
        var records: [UInt8] = []
        records.reserveCapacity(bytes.count + 64)
        let continuing = stream == .stdout ? midLine.stdout : midLine.stderr
        let partial = LogRecord.encode(bytes, stream: stream, time: time, continuing: continuing, into: &records)
        if stream == .stdout { midLine.stdout = partial } else { midLine.stderr = partial }
        let failed = Sys.writeAll(file.rawValue, records)
        return failed == 0 ? nil : SystemError(call: "write to the log", errno: failed)
    }

    @discardableResult
    public mutating func append(_ bytes: [UInt8], stream: LogStream, time: Int64 = LogTime.now()) -> SystemError? {
        bytes.withUnsafeBytes { append($0, stream: stream, time: time) }
    }
}
