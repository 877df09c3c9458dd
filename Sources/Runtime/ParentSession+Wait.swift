import CShim
import Glibc
import LinuxSystem

extension ParentSession {
    /// Waits for the child's report: end of file with nothing (the process was exec'd), or a failure record,
    /// thrown after the child is killed and reaped. Signals that arrive meanwhile are forwarded.
    func waitUntilStarted() throws(StepError) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        var fds = PollSet(reportFD, signals)
        reading: while true {
            if fds.wait() < 0 { break }
            if fds[1].revents != 0 { forwardSignals() }
            if fds[0].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { b in retryingOnInterrupt { read(reportFD, b.baseAddress, b.count) }.result }
                if n > 0 { bytes += chunk[0..<n] } else if n == 0 || errno != EAGAIN { break reading }
            }
        }
        close(reportFD)
        reportFD = -1
        guard !bytes.isEmpty else { return }
        var failure = FailureRecord.decode(bytes)
            ?? StepError(what: "start the container", hint: "internal error: the child sent an unreadable failure report")
        if let number = failure.step, let step = plan.steps.first(where: { $0.number == number }) {
            failure = fill(failure, step: step)
        }
        throw failure
    }

    /// Forwards signals and copies terminal I/O until the child exits; returns how it ended.
    func waitForExit() -> ProcessExit {
        var stdinOpen = pty != nil
        var masterOpen = pty != nil
        while true {
            var fds = PollSet(signals, pidfd)
            if let pty, masterOpen { fds.add(pty.master) }
            if pty != nil, stdinOpen { fds.add(options.stdin) }
            if fds.wait() < 0 { break }
            if fds[0].revents != 0 { forwardSignals() }
            for i in 2..<fds.count where fds[i].revents != 0 {
                let entry = fds[i]
                guard let pty else { break }
                if entry.fd == pty.master {
                    masterOpen = pump(from: pty.master, to: options.stdout) != .closed
                } else {
                    stdinOpen = pump(from: options.stdin, to: pty.master) != .closed
                }
            }
            if fds[1].revents != 0 { break }
        }
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(child, &status, 0) }.result
        reaped = true
        if let pty, masterOpen { drain(pty.master) }
        // The write ends are all gone with the child: the init's record, if it wrote one, is all there is to read.
        if let fd = exitRecord?.rawValue, let bytes = Sys.readAll(fd, limit: ExitRecord.size),
           let recorded = ExitRecord.decode(bytes) {
            return recorded
        }
        return ProcessExit(waitStatus: status)
    }

    /// What the container wrote to its terminal before it exited.
    func drain(_ master: Int32) {
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        while pump(from: master, to: options.stdout) == .copied {}
    }
}
