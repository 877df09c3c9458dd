import Attach
import ContainerLog
import CShim
import Glibc
import LinuxSystem

/// A detached container's output and its attach socket, served by a thread of the monitor for the monitor's whole
/// life, across restarts: what the container writes to its stdout and stderr (pipes, or its terminal relayed into
/// the stdout pipe) is appended to its log as records (``LogWriter``) and sent to every attached client
/// (``AttachFrame``); what a client types goes to the terminal (a pipe the run's supervisor copies to it), its
/// window size to the terminal, its signals to the process.
///
/// The monitor's main thread runs the container and tells this thread, over a pipe, when a run starts and ends;
/// ``runEnded(_:)`` returns once everything the run wrote is in the log and the clients were told how it ended,
/// so that a state that says "exited" always has the whole log. The thread blocks every signal (the main thread
/// takes and forwards them), and never waits for the main thread: a client that does not read is dropped once
/// it is far behind, rather than slow the container.
final class MonitorIO: @unchecked Sendable {
    /// The run's stdin (the read end of the terminal's input, or -1: the container has no terminal), stdout and
    /// stderr (write ends); the same for every run.
    var runStdin: Int32 { terminal ? input.read.rawValue : -1 }
    var runStdout: Int32 { output.write.rawValue }
    var runStderr: Int32 { errors.write.rawValue }

    let terminal: Bool
    let name: String
    private let output: Pipe
    private let errors: Pipe
    /// Keys for the terminal (unused without one).
    private let input: Pipe
    private let control: Pipe
    private let acknowledgements: Pipe
    private let directory: FileDescriptor
    private let listener: FileDescriptor
    private var log: LogWriter
    private var thread = pthread_t()
    private var started = false

    // The thread's own (never touched by the main thread once it runs).
    private var peers: [AttachPeer] = []
    private var phase = Phase.starting
    /// The running process (a pidfd, for the clients' signals) and its terminal's master (a copy), -1 without.
    private var process: Int32 = -1
    private var master: Int32 = -1
    /// Keys for the terminal not written yet.
    private var keys: [UInt8] = []

    enum Phase { case starting, running, between }

    /// Keys held for a terminal that does not read them, at most; more are dropped.
    static let keysLimit = 1 << 20
    /// What a client may be behind before it is dropped.
    static let peerBacklogLimit = 8 << 20

    /// Opens the pipes and the attach socket (`attach.sock` in the container's `directory`); ``start()`` starts the
    /// thread.
    init(log: consuming LogWriter, terminal: Bool, name: String, directory: String, socketName: String) throws(SystemError) {
        self.log = log
        self.terminal = terminal
        self.name = name
        self.socketName = socketName
        output = try Pipe()
        errors = try Pipe()
        input = try Pipe()
        control = try Pipe()
        acknowledgements = try Pipe()
        self.directory = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY)
        _ = unlinkat(self.directory.rawValue, socketName, 0)  // a socket left by a monitor that was killed
        listener = try UnixSocket.listen(at: socketName, in: self.directory)
        for fd in [output.read.rawValue, errors.read.rawValue, input.write.rawValue, control.read.rawValue] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
    }

    private let socketName: String

    /// Starts the thread, with every signal blocked in it.
    func start() throws(SystemError) {
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let context = Unmanaged.passRetained(self).toOpaque()
        let failed = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<MonitorIO>.fromOpaque(context).takeRetainedValue().serve()
            return nil
        }, context)
        guard failed == 0 else {
            Unmanaged<MonitorIO>.fromOpaque(context).release()
            throw SystemError(call: "pthread_create", errno: failed)
        }
        started = true
    }

    // MARK: the main thread's side

    enum Message: Int32 {
        case started = 1, terminal = 2, ended = 3, finish = 4
    }

    /// The run's process started as `pid` (our child: a pidfd for it is opened now, before it can be reaped).
    func runStarted(pid: Int32) {
        let pidfd = md_pidfd_open(pid)
        send(.started, pidfd)
    }

    /// The run's terminal is there: a copy of its master is kept for the clients' window sizes.
    func terminalOpened(master: Int32) {
        let copy = fcntl(master, F_DUPFD_CLOEXEC, 0)
        if copy >= 0 { send(.terminal, copy) }
    }

    /// The run is over, as `exit` says (nil: it never started). Returns once the log has all it wrote.
    func runEnded(_ exit: ProcessExit?) {
        switch exit {
        case let .exited(code)?: send(.ended, 0, code)
        case let .signaled(signal)?: send(.ended, 1, signal)
        case nil: send(.ended, 2, 0)
        }
        awaitAcknowledgement()
    }

    /// The monitor is done: the log drained, the clients gone, the socket removed, the thread ended.
    func finish() {
        guard started else { return }
        send(.finish, 0)
        awaitAcknowledgement()
        pthread_join(thread, nil)
        started = false
    }

    private func send(_ message: Message, _ first: Int32, _ second: Int32 = 0) {
        guard started else {
            if message == .started || message == .terminal { close(first) }
            return
        }
        let words = [message.rawValue, first, second]
        _ = words.withUnsafeBytes { Sys.writeAll(control.write.rawValue, $0) }
    }

    private func awaitAcknowledgement() {
        var byte: UInt8 = 0
        _ = retryingOnInterrupt { read(acknowledgements.read.rawValue, &byte, 1) }
    }

    private func acknowledge() {
        var byte: UInt8 = 1
        _ = retryingOnInterrupt { write(acknowledgements.write.rawValue, &byte, 1) }
    }

    // MARK: the thread

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: LogWriter.chunkSize)
        var fds: [pollfd] = []
        while true {
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: control.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: output.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: errors.read.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: listener.rawValue, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: keys.isEmpty ? -1 : input.write.rawValue, events: Int16(POLLOUT), revents: 0))
            for peer in peers {
                let events = (peer.closing ? 0 : POLLIN) | (peer.hasBacklog ? POLLOUT : 0)
                fds.append(pollfd(fd: peer.socket.rawValue, events: Int16(events), revents: 0))
            }
            guard retryingOnInterrupt({ poll(&fds, nfds_t(fds.count), -1) }).result >= 0 else { return }
            let polled = peers  // those in `fds`: accepting adds more
            if fds[1].revents != 0 { relay(from: output.read.rawValue, .stdout, &buffer) }
            if fds[2].revents != 0 { relay(from: errors.read.rawValue, .stderr, &buffer) }
            if fds[3].revents != 0 { acceptClients() }
            if fds[4].revents != 0 { writeKeys() }
            for (index, peer) in polled.enumerated() where fds[5 + index].revents != 0 {
                serve(peer, events: fds[5 + index].revents, &buffer)
            }
            peers.removeAll { $0.dead }
            if fds[0].revents != 0, !handleMessages(&buffer) { return }
        }
    }

    /// Handles the main thread's messages; false once told to finish.
    private func handleMessages(_ buffer: inout [UInt8]) -> Bool {
        var words = [Int32](repeating: 0, count: 3)
        while true {
            let n = words.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(control.read.rawValue, bytes.baseAddress, bytes.count) }.result }
            guard n == 12, let message = Message(rawValue: words[0]) else { return true }
            switch message {
            case .started:
                if process >= 0 { close(process) }
                process = words[1]
                phase = .running
            case .terminal:
                if master >= 0 { close(master) }
                master = words[1]
            case .ended:
                drain(&buffer)
                let frame: AttachFrame = switch words[1] {
                case 0: .exit(signaled: false, value: words[2])
                case 1: .exit(signaled: true, value: words[2])
                default: .refused("container \(name) did not start")
                }
                for peer in peers where !peer.closing { peer.finish(with: frame) }
                peers.removeAll { $0.dead }
                if process >= 0 { close(process) }
                if master >= 0 { close(master) }
                (process, master) = (-1, -1)
                keys = []
                phase = .between
                acknowledge()
            case .finish:
                drain(&buffer)
                for peer in peers { peer.finish(with: .refused("container \(name) is not running")) }
                peers = []
                _ = unlinkat(directory.rawValue, socketName, 0)
                acknowledge()
                return false
            }
        }
    }

    /// One read of a container's output: into the log, and to every client.
    @discardableResult
    private func relay(from fd: Int32, _ stream: LogStream, _ buffer: inout [UInt8]) -> Bool {
        let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(fd, bytes.baseAddress, bytes.count) }.result }
        guard n > 0 else { return false }
        buffer.withUnsafeBytes { bytes in
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
            log.append(chunk, stream: stream)
            for peer in peers where !peer.closing { peer.send(stream == .stdout ? .stdout : .stderr, chunk) }
        }
        return true
    }

    /// Everything in the pipes now (the run is over: its writers are gone or done).
    private func drain(_ buffer: inout [UInt8]) {
        while relay(from: output.read.rawValue, .stdout, &buffer) {}
        while relay(from: errors.read.rawValue, .stderr, &buffer) {}
    }

    private func acceptClients() {
        while let socket = try? UnixSocket.accept(listener) {
            let peer = AttachPeer(socket: socket)
            peers.append(peer)
            switch phase {
            case .running: peer.send(.hello(terminal: terminal))
            case .between: peer.refuse("container \(name) is restarting: wait until it runs")
            case .starting: peer.refuse("container \(name) is starting: wait until it runs")
            }
        }
    }

    private func serve(_ peer: AttachPeer, events: Int16, _ buffer: inout [UInt8]) {
        if events & Int16(POLLOUT) != 0 { peer.flush() }
        guard events & Int16(POLLIN | POLLHUP | POLLERR) != 0, !peer.dead else { return }
        let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(peer.socket.rawValue, bytes.baseAddress, bytes.count) }.result }
        if n == 0 || (n < 0 && errno != EAGAIN) {
            peer.dead = true
            return
        }
        guard n > 0 else { return }
        peer.decoder.feed(buffer[0..<n])
        do {
            while let frame = try peer.decoder.next() { handle(frame) }
        } catch {
            peer.dead = true
        }
    }

    /// A client's frame: keys, a window size, a signal; ignored between runs.
    private func handle(_ frame: AttachFrame) {
        guard phase == .running else { return }
        switch frame.kind {
        case .stdin where terminal:
            keys += frame.payload.prefix(max(0, Self.keysLimit - keys.count))
            writeKeys()
        case .resize:
            if master >= 0, let size = frame.size { _ = md_set_winsize(master, size.rows, size.columns) }
        case .signal:
            if process >= 0, let signal = frame.signalNumber { _ = md_pidfd_send_signal(process, signal) }
        default:
            break
        }
    }

    private func writeKeys() {
        let fd = input.write.rawValue
        guard terminal, !keys.isEmpty else { return }
        let n = keys.withUnsafeBytes { bytes in retryingOnInterrupt { write(fd, bytes.baseAddress, bytes.count) }.result }
        if n > 0 { keys.removeFirst(n) } else if n < 0 && errno != EAGAIN { keys = [] }
    }
}

/// One connection to the attach socket, with what is still to be sent to it.
final class AttachPeer {
    let socket: FileDescriptor
    var decoder = AttachFrameDecoder()
    private var backlog: [UInt8] = []
    private var sent = 0
    /// Closed once the backlog is sent; nothing more is added.
    private(set) var closing = false
    var dead = false

    init(socket: consuming FileDescriptor) {
        self.socket = socket
    }

    var hasBacklog: Bool { sent < backlog.count }

    func send(_ frame: AttachFrame) {
        AttachFrame.append(frame.kind, frame.payload, to: &backlog)
        flush()
    }

    func send(_ kind: AttachFrame.Kind, _ bytes: UnsafeRawBufferPointer) {
        AttachFrame.append(kind, bytes, to: &backlog)
        if backlog.count - sent > MonitorIO.peerBacklogLimit {
            dead = true
            return
        }
        flush()
    }

    /// The last frame, then the connection is closed.
    func finish(with frame: AttachFrame) {
        send(frame)
        closing = true
        if !hasBacklog { dead = true }
    }

    func refuse(_ reason: String) {
        finish(with: .refused(reason))
    }

    /// Sends what the socket takes now.
    func flush() {
        while sent < backlog.count {
            let n = backlog.withUnsafeBytes { UnixSocket.send(socket.rawValue, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            if n < 0 {
                dead = true
                return
            }
            if n == 0 { return }
            sent += n
        }
        backlog.removeAll(keepingCapacity: true)
        sent = 0
        if closing { dead = true }
    }
}
