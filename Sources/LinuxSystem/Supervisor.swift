import CShim
import Glibc

/// Our side of a process we started and wait for, the same for `apply` (the container's first process) and `exec`
/// (a command in a running container): signals sent to us are forwarded to it, its pseudo-terminal (when it has
/// one) is relayed to and from our stdin and stdout with our terminal in raw mode and our window size, and once it
/// exits, what it left on its terminal is copied out and it is reaped.
///
/// The signals are taken (``SignalFD``) when the supervisor is made, before the process exists, so that a SIGTERM
/// during set-up is not lost nor fatal; ``restore()`` (or deinit) puts back the signal mask, the dispositions and
/// the terminal mode.
public final class Supervisor {
    /// What is forwarded. SIGWINCH resizes the process's terminal instead when it has one.
    public static let forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH]
    /// SIGPIPE is taken too, and dropped: a write to a closed pipe fails with EPIPE instead of killing us.
    static let takenSignals: [Int32] = forwardedSignals + [SIGPIPE]

    private let signals: SignalFD
    /// Our stdin and stdout: where the terminal is relayed from and to, and its window size read.
    public let stdin: Int32
    public let stdout: Int32
    /// The master side of the process's pseudo-terminal (not owned), -1 without one.
    public private(set) var terminal: Int32 = -1
    private var savedTerminal: termios?

    /// Takes the signals.
    public init(stdin: Int32 = 0, stdout: Int32 = 1) throws(SystemError) {
        signals = try SignalFD(Self.takenSignals)
        self.stdin = stdin
        self.stdout = stdout
    }

    /// The signalfd, for a caller that polls it along with its own descriptors (then ``forwardSignals(to:)``).
    public var signalDescriptor: Int32 { signals.rawValue }

    /// The process has the pseudo-terminal whose master is `master`: it gets our window size now (unless
    /// `copyingSizeNow` is false: its size was given), and on SIGWINCH.
    public func relay(terminal master: Int32, copyingSizeNow: Bool = true) {
        terminal = master
        if copyingSizeNow { copyWindowSize() }
    }

    /// Forwards every queued signal to `process` (0: none yet, the signal is dropped). SIGWINCH resizes the
    /// terminal instead when there is one; SIGPIPE is dropped. A signal the kernel sent because of a key typed at
    /// our terminal has reached the process already when it shares our process group: it is not sent twice.
    public func forwardSignals(to process: Int32) {
        while let received = signals.next() {
            let sig = received.number
            if sig == SIGPIPE || process <= 0 { continue }
            if sig == SIGWINCH && terminal >= 0 {
                copyWindowSize()
                continue
            }
            if received.sentByKernel && terminal < 0 && getpgid(process) == getpgrp() { continue }
            kill(process, sig)
        }
    }

    /// Our window size (of stdin, else of stdout) onto the process's terminal.
    public func copyWindowSize() {
        guard terminal >= 0 else { return }
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        if md_get_winsize(stdin, &rows, &cols) == 0 || md_get_winsize(stdout, &rows, &cols) == 0 {
            _ = md_set_winsize(terminal, rows, cols)
        }
    }

    /// With a pseudo-terminal and a terminal on our stdin: raw mode, so that keys reach the process as typed (its
    /// own terminal does the line editing and the signals). Undone by ``leaveRawMode()``.
    public func enterRawMode() {
        guard terminal >= 0, savedTerminal == nil, isatty(stdin) == 1 else { return }
        var saved = termios()
        guard tcgetattr(stdin, &saved) == 0 else { return }
        var raw = saved
        cfmakeraw(&raw)
        if tcsetattr(stdin, TCSANOW, &raw) == 0 { savedTerminal = saved }
    }

    public func leaveRawMode() {
        guard var saved = savedTerminal else { return }
        _ = tcsetattr(stdin, TCSANOW, &saved)
        savedTerminal = nil
    }

    /// Forwards signals and relays the terminal until `process` (our child, with `pidfd` open for it) exits; then
    /// reaps it and copies what is left on its terminal, without waiting for processes it left behind.
    public func waitForExit(of process: Int32, pidfd: Int32) -> ProcessExit {
        var stdinOpen = terminal >= 0
        var masterOpen = terminal >= 0
        while true {
            var fds = PollSet(signals.rawValue, pidfd)
            if masterOpen { fds.add(terminal) }
            if stdinOpen { fds.add(stdin) }
            if fds.wait() < 0 { break }
            if fds[0].revents != 0 { forwardSignals(to: process) }
            for i in 2..<fds.count where fds[i].revents != 0 {
                if fds[i].fd == terminal {
                    masterOpen = pump(from: terminal, to: stdout) != .closed
                } else {
                    stdinOpen = pump(from: stdin, to: terminal) != .closed
                }
            }
            if fds[1].revents != 0 { break }
        }
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(process, &status, 0) }.result
        if masterOpen {
            _ = fcntl(terminal, F_SETFL, fcntl(terminal, F_GETFL) | O_NONBLOCK)
            while pump(from: terminal, to: stdout) == .copied {}
        }
        return ProcessExit(waitStatus: status)
    }

    /// Leaves raw mode and gives the signals back. Idempotent.
    public func restore() {
        leaveRawMode()
        signals.restore()
    }

    deinit {
        restore()
    }

    enum Pumped { case copied, nothingYet, closed }

    /// Copies what `from` has to `to`: `.closed` at end of file or on an error (EIO: the terminal's other side is
    /// closed; EPIPE: nobody reads `to` any more).
    func pump(from: Int32, to: Int32) -> Pumped {
        withUnsafeTemporaryAllocation(byteCount: 16384, alignment: 16) { buffer in
            let n = retryingOnInterrupt { read(from, buffer.baseAddress, buffer.count) }
            if n.result < 0 && n.errno == EAGAIN { return .nothingYet }
            if n.result <= 0 { return .closed }
            return Sys.writeAll(to, UnsafeRawBufferPointer(rebasing: buffer[0..<n.result])) == 0 ? .copied : .closed
        }
    }
}
