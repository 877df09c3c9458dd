import Glibc
import LinuxSystem

extension ParentSession {
    /// Waits for the child's report: end of file with nothing (the process was exec'd), or a failure record,
    /// thrown after the child is killed and reaped; the one-byte marker of the child's stop for the runtime's
    /// hooks runs them. Signals that arrive meanwhile are forwarded.
    func waitUntilStarted() throws(StepError) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        let reportFD = report?.rawValue ?? -1
        var fds = PollSet(reportFD, supervisor?.signalDescriptor ?? -1)
        reading: while true {
            if fds.wait() < 0 { break }
            if fds[1].revents != 0 { forwardSignals() }
            if fds[0].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { b in retryingOnInterrupt { read(reportFD, b.baseAddress, b.count) }.result }
                if n > 0 { bytes += chunk[0..<n] } else if n == 0 || errno != EAGAIN { break reading }
                if bytes == [ChildRunner.hookPointMarker] && program != nil {
                    bytes = []
                    try runRuntimeHooks()
                }
            }
        }
        report = nil
        guard !bytes.isEmpty, bytes != [ChildRunner.createdMarker] || options.startSocket == nil else {
            return try receiveContainerTerminal()
        }
        var failure = FailureRecord.decode(bytes)
            ?? StepError(what: "start the container", hint: "internal error: the child sent an unreadable failure report")
        if let number = failure.step, let step = plan.steps.first(where: { $0.number == number }) {
            failure = fill(failure, step: step)
        }
        throw failure
    }

    /// Forwards signals and copies terminal I/O until the child exits (``Supervisor/waitForExit(of:pidfd:)``);
    /// returns how it ended.
    func waitForExit() -> ProcessExit {
        let waited: ProcessExit
        if let supervisor {
            waited = supervisor.waitForExit(of: child, pidfd: pidfd?.descriptor.rawValue ?? -1)
        } else {
            var status: Int32 = 0
            _ = retryingOnInterrupt { waitpid(child, &status, 0) }.result
            waited = ProcessExit(waitStatus: status)
        }
        reaped = true
        // The write ends are all gone with the child: the init's record, if it wrote one, is all there is to read.
        if let fd = exitRecord?.rawValue, let bytes = Sys.readAll(fd, limit: ExitRecord.size),
           let recorded = ExitRecord.decode(bytes) {
            return recorded
        }
        return waited
    }
}
