import CShim
import Glibc
import LinuxSystem

/// `mydocker attach`'s side of the attach socket (``AttachFrame``): the container's output to our stdout and
/// stderr, and, when its process has a terminal, our keys to it (our terminal in raw mode, the detach keys
/// watched) and our window size; without a terminal, the signals we get are forwarded to its process (docker's
/// `--sig-proxy`). It ends when the process does, on the detach keys, or on a signal it does not forward.
public struct AttachClient {
    public struct Options: Sendable {
        public var detachKeys: DetachKeys
        /// Send our stdin to a terminal (`--no-stdin` turns it off).
        public var attachStdin: Bool
        /// Forward the signals we get to a process without a terminal (docker's `--sig-proxy`).
        public var proxySignals: Bool

        public init(detachKeys: DetachKeys = .default, attachStdin: Bool = true, proxySignals: Bool = true) {
            self.detachKeys = detachKeys
            self.attachStdin = attachStdin
            self.proxySignals = proxySignals
        }
    }

    /// How attach ended.
    public enum Outcome: Error, Equatable, Sendable {
        /// The container's process exited with this status, or was killed by this signal.
        case exited(Int32)
        case killed(Int32)
        /// The detach keys were typed: the container goes on.
        case detached
        /// The monitor would not attach us (the container is restarting, or gone).
        case refused(String)
        /// Our stdin is not a terminal, but the container's process has one (docker refuses too).
        case notATerminal
        /// A signal we do not forward ended attach.
        case interrupted(Int32)
        /// The connection broke (the monitor died, or a read or write failed).
        case lost(String)
    }

    /// Signals taken while attached: SIGWINCH for the window size, the rest forwarded or ending attach.
    static let takenSignals: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE]

    let socket: Int32
    let options: Options
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32

    public init(socket: Int32, options: Options, stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2) {
        self.socket = socket
        self.options = options
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Attaches until the end; the terminal and the signal mask are as they were when it returns.
    public func run() -> Outcome {
        var decoder = AttachFrameDecoder()
        let hello: AttachFrame
        switch readFrame(&decoder) {
        case .success(let frame): hello = frame
        case .failure(let outcome): return outcome
        }
        if hello.kind == .refused { return .refused(String(decoding: hello.payload, as: UTF8.self)) }
        guard let terminal = hello.terminal else { return .lost("the monitor said \(hello.kind) first") }
        let readsStdin = terminal && options.attachStdin
        if readsStdin && isatty(stdin) != 1 { return .notATerminal }
        let signals: SignalFD
        do {
            signals = try SignalFD(Self.takenSignals)
        } catch {
            return .lost("take signals: \(error)")
        }
        defer { signals.restore() }
        let raw = readsStdin ? RawTerminal(stdin) : nil
        defer { raw?.restore() }
        if terminal, let size = windowSize() {
            // One size and then the real one, as docker does: a program redraws on the change even when a
            // previous attach left the same size.
            guard send(.resize(rows: size.rows &+ 1, columns: size.columns &+ 1)), send(.resize(rows: size.rows, columns: size.columns)) else {
                return .lost("the monitor closed the connection")
            }
        }
        return loop(decoder: &decoder, terminal: terminal, readsStdin: readsStdin, signals: signals)
    }

    func loop(decoder: inout AttachFrameDecoder, terminal: Bool, readsStdin: Bool, signals: SignalFD) -> Outcome {
        var matcher = DetachKeyMatcher(options.detachKeys)
        var stdinOpen = readsStdin
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            if let outcome = drain(&decoder) { return outcome }
            var fds = PollSet(socket, signals.rawValue)
            if stdinOpen { fds.add(stdin) }
            guard fds.wait() >= 0 else { return .lost("poll: \(Errno(rawValue: errno))") }
            if fds[1].revents != 0 {
                while let received = signals.next() {
                    let sig = received.number
                    if sig == SIGPIPE { continue }
                    if sig == SIGWINCH {
                        if terminal, let size = windowSize() { _ = send(.resize(rows: size.rows, columns: size.columns)) }
                        continue
                    }
                    if !terminal && options.proxySignals {
                        _ = send(.signal(sig))
                        continue
                    }
                    return .interrupted(sig)
                }
            }
            if stdinOpen && fds.count > 2 && fds[2].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { b in retryingOnInterrupt { read(stdin, b.baseAddress, b.count) }.result }
                if n <= 0 {
                    stdinOpen = false
                } else {
                    let (keys, detach) = matcher.filter(buffer[0..<n])
                    if !keys.isEmpty && !send(AttachFrame(.stdin, keys)) { return .lost("the monitor closed the connection") }
                    if detach { return .detached }
                }
            }
            if fds[0].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { b in retryingOnInterrupt { read(socket, b.baseAddress, b.count) }.result }
                if n < 0 { return .lost("read from the monitor: \(Errno(rawValue: errno))") }
                if n == 0 {
                    if let outcome = drain(&decoder) { return outcome }
                    return .lost("the monitor closed the connection")
                }
                decoder.feed(buffer[0..<n])
            }
        }
    }

    /// Handles the frames decoded so far: output written, an end returned.
    func drain(_ decoder: inout AttachFrameDecoder) -> Outcome? {
        do {
            while let frame = try decoder.next() {
                switch frame.kind {
                case .stdout, .stderr:
                    let fd = frame.kind == .stdout ? stdout : stderr
                    let failed = Sys.writeAll(fd, frame.payload)
                    if failed != 0 { return .lost("write to our \(frame.kind): \(Errno(rawValue: failed))") }
                case .exit:
                    guard let status = frame.exitStatus else { return .lost("the monitor sent an unreadable exit") }
                    return status.signaled ? .killed(status.value) : .exited(status.value)
                case .refused:
                    return .refused(String(decoding: frame.payload, as: UTF8.self))
                default:
                    continue
                }
            }
        } catch {
            return .lost("the monitor sent \(error)")
        }
        return nil
    }

    /// Reads until one whole frame has come.
    func readFrame(_ decoder: inout AttachFrameDecoder) -> Result<AttachFrame, Outcome> {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            do {
                if let frame = try decoder.next() { return .success(frame) }
            } catch {
                return .failure(.lost("the monitor sent \(error)"))
            }
            let n = buffer.withUnsafeMutableBytes { b in retryingOnInterrupt { read(socket, b.baseAddress, b.count) }.result }
            if n < 0 { return .failure(.lost("read from the monitor: \(Errno(rawValue: errno))")) }
            if n == 0 { return .failure(.lost("the monitor closed the connection")) }
            decoder.feed(buffer[0..<n])
        }
    }

    func send(_ frame: AttachFrame) -> Bool {
        let bytes = frame.encoded
        // The socket blocks: a send returns once all of it is queued, or fails.
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { UnixSocket.send(socket, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Our window size (of stdout, else of stdin), when either is a terminal.
    func windowSize() -> (rows: UInt16, columns: UInt16)? {
        var rows: UInt16 = 0
        var columns: UInt16 = 0
        if md_get_winsize(stdout, &rows, &columns) == 0 || md_get_winsize(stdin, &rows, &columns) == 0 { return (rows, columns) }
        return nil
    }
}
