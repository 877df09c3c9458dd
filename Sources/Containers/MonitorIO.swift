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
    let output: Pipe
    let errors: Pipe
    /// Keys for the terminal (unused without one).
    let input: Pipe
    let control: Pipe
    let acknowledgements: Pipe
    let directory: FileDescriptor
    let listener: FileDescriptor
    var log: LogWriter
    private var thread = pthread_t()
    private var started = false

    // The thread's own (never touched by the main thread once it runs; MonitorIO+Thread).
    var peers: [AttachPeer] = []
    var phase = Phase.starting
    /// The running process (a pidfd, for the clients' signals) and its terminal's master (a copy), -1 without.
    var process: Int32 = -1
    var master: Int32 = -1
    /// Keys for the terminal not written yet.
    var keys: [UInt8] = []

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

    let socketName: String

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

    func acknowledge() {
        var byte: UInt8 = 1
        _ = retryingOnInterrupt { write(acknowledgements.write.rawValue, &byte, 1) }
    }
}
