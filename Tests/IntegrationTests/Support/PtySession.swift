import CShim
import Foundation
import Glibc

/// A program on a pseudo-terminal of its own, as at a person's terminal: a new session whose controlling terminal
/// is the slave, stdin, stdout and stderr on it. The test types with ``send(_:)``, reads everything written with
/// ``output`` (a thread drains the master, so the program never blocks on it), resizes the window with
/// ``resize(rows:columns:)`` (the kernel sends SIGWINCH) and reads the terminal's modes with ``localModes``.
final class PtySession: @unchecked Sendable {
    let master: Int32
    private let child: ChildWatch
    private let lock = NSLock()
    private var received: [UInt8] = []
    private var readerDone = false

    init(_ arguments: [String], rows: UInt16 = 24, columns: UInt16 = 80) throws {
        var master: Int32 = -1
        var slaveFD: Int32 = -1
        guard md_open_pty(&master, &slaveFD) == 0 else { throw PtyError.open(errno) }
        self.master = master
        // The child opens it by its path, after setsid, so that it becomes the session's controlling terminal.
        let slave = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(slaveFD)")) ?? ""
        close(slaveFD)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        // Opened after setsid: the slave becomes the session's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | 0x80))  // 0x80: POSIX_SPAWN_SETSID
        let argv = arguments.map { strdup($0) } + [nil]
        let env = ProcessRunner.inheritedEnvironment(changing: ["MYDOCKER_ROOT": nil, "TERM": "xterm"])
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, arguments[0], &actions, &attributes, argv, env)
        guard rc == 0 else { throw PtyError.spawn(rc) }
        self.child = ChildWatch(pid: child)
        let reader = Thread { [self] in drain() }
        reader.start()
    }

    enum PtyError: Error { case open(Int32), spawn(Int32) }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            lock.lock()
            received += buffer[0..<n]
            lock.unlock()
        }
        lock.lock()
        readerDone = true
        lock.unlock()
    }

    /// Everything written to the terminal so far, carriage returns left out.
    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: received, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
    }

    /// Types `text` (bytes as they are: `\u{10}` is ctrl-p).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until the output contains `text`; false after `seconds`.
    func waitForOutput(_ text: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return true }
            usleep(10_000)
        }
        return output.contains(text)
    }

    /// The new window size, as a terminal emulator sets it.
    func resize(rows: UInt16, columns: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// The terminal's local modes now (ICANON, ECHO, ISIG: set in a cooked terminal, cleared in raw mode).
    var localModes: tcflag_t {
        var modes = termios()
        _ = tcgetattr(master, &modes)
        return modes.c_lflag
    }

    static let cooked = tcflag_t(ICANON | ECHO | ISIG)

    var pid: pid_t { child.pid }
    /// The status (128 + N for signal N), nil while it runs or until it is polled.
    var status: Int32? { child.status }

    /// The status (128 + N for signal N), nil while it runs.
    @discardableResult
    func poll() -> Int32? { child.poll() }

    /// Waits for the end, at most `seconds`; nil (and the program killed) when it does not come.
    func wait(seconds: Double = 30) -> Int32? { child.wait(seconds: seconds) }

    deinit {
        child.finish()
        // The reader ends once the slave's last holder is gone (read fails with EIO).
        for _ in 0..<200 {
            lock.lock()
            let done = readerDone
            lock.unlock()
            if done { break }
            usleep(5_000)
        }
        close(master)
    }
}
