import CShim
import Glibc
import LinuxSystem

/// `mydocker create`'s wait, in the child: everything up to the user's process is done, the child says so and
/// waits until `mydocker start` connects to the start socket (runc's exec fifo, as a socket made in the state
/// folder before pivot_root, so that it needs no /proc inside the container).
extension ChildRunner {
    /// The byte the child writes on its report pipe once it is created (``ChildSetup/awaitStartBefore``); the pipe
    /// is closed after it. A failure record is never one byte long.
    static let createdMarker: UInt8 = 0xA6

    /// Checks that the process's command can be executed (a failure is `create`'s, as runc's), stops dying with
    /// `mydocker create` (the container outlives it), tells the parent it is created, and waits for `start`.
    /// From here on failures go to the container's standard error (``Executor/reportsOnStderr``).
    func awaitStart(step: Int) throws(StepError) {
        try checkExecutable()
        if md_set_pdeathsig(0) != 0 { throw StepError(step: step, what: "", syscall: "prctl(PR_SET_PDEATHSIG, 0)", errno: errno) }
        _ = Sys.writeAll(Executor.reportFD, [Self.createdMarker])
        // The report pipe's last write end closes here (the parent sees end of file); errors now go to stderr.
        if dup2(2, Executor.reportFD) >= 0 { _ = fcntl(Executor.reportFD, F_SETFD, FD_CLOEXEC) } else { close(Executor.reportFD) }
        Executor.reportsOnStderr = true
        let listener = program.setup.startSocket
        let flags = fcntl(listener, F_GETFL)
        if flags >= 0 { _ = fcntl(listener, F_SETFL, flags & ~O_NONBLOCK) }
        let accepted = retryingOnInterrupt { md_accept_cloexec(listener) }
        guard accepted.result >= 0 else {
            throw StepError(step: step, what: "wait for mydocker start", syscall: "accept4", errno: accepted.errno)
        }
        // `start` reads this byte, runs the prestart hooks (the conformance suite wants them after `start` is
        // called), and answers with its go; end of file instead means a hook failed: the process never runs.
        let acceptedFlags = fcntl(accepted.result, F_GETFL)
        if acceptedFlags >= 0 { _ = fcntl(accepted.result, F_SETFL, acceptedFlags & ~O_NONBLOCK) }  // accept4 made it non-blocking
        _ = Sys.writeAll(accepted.result, [StartHandshake.started])
        var go: UInt8 = 0
        let n = retryingOnInterrupt { read(accepted.result, &go, 1) }.result
        close(accepted.result)
        close(listener)
        if n != 1 || go != StartHandshake.go { _exit(ExitStatus.runtimeFailure) }
    }

    /// The exec step's command, searched in the container's PATH as execve will search it: a command that is not
    /// there (ENOENT) or cannot be run (EACCES) fails `create`, with the errno's words (podman maps them to 127
    /// and 126), not the process after `start`.
    func checkExecutable() throws(StepError) {
        guard let exec = program.steps.last, case .exec(let args) = exec.action else { return }
        guard let name = args.first else { throw Self.emptyArgs(step: exec.number) }
        let path = ExecSearch.path(in: processEnvironment(pid: getpid()))
        var lastError = ENOENT
        for candidate in ExecSearch.candidates(for: name, path: path) {
            var st = stat()
            guard stat(candidate, &st) == 0 else {
                if errno != ENOENT && errno != ENOTDIR { lastError = errno }
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR { lastError = EACCES; continue }
            if access(candidate, X_OK) == 0 { return }
            lastError = errno
        }
        throw Self.execFailure(name: name, path: path, errno: lastError, step: exec.number)
    }
}

extension Executor {
    /// Set once the child has told `mydocker create` it is created: the report pipe is gone, and a failure (after
    /// `start`) is written as a line on the container's standard error.
    nonisolated(unsafe) static var reportsOnStderr = false
}

/// The bytes on the start socket: the child's once it accepted `start`, and `start`'s answer once the prestart hooks
/// ran (end of file instead: the process never runs).
public enum StartHandshake {
    public static let started: UInt8 = 0x30
    public static let go: UInt8 = 0x31
}
