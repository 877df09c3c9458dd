import CShim
import Glibc
import LinuxSystem

/// The container's PID 1 when the plan has ``Planner/ChildAction/startInit``: in a pid namespace the kernel drops
/// signals that PID 1 has no handler for, and orphans are re-parented to it. So PID 1 forks the process and
/// stays behind: it blocks every signal, forwards each one to the process, reaps every child, and exits with
/// the process's status (128 + N when signal N killed it), which ends the namespace.
enum MinimalInit {
    /// Forks. Returns in the new process (which goes on with the plan's remaining steps); the caller becomes
    /// the init and never returns.
    static func start(step: Int) throws(StepError) {
        _ = md_block_all_signals()
        let pid = md_fork()
        if pid < 0 {
            let err = errno
            _ = md_unblock_all_signals()
            throw StepError(step: step, what: "", syscall: "fork", errno: err)
        }
        if pid == 0 {
            // Init never installs a handler nor ignores a signal, and execve resets handlers: the mask is all
            // the process must not inherit.
            _ = md_unblock_all_signals()
            return
        }
        close(Executor.reportFD)  // only the process's execve (or failure) tells the parent that the container started
        supervise(pid)
    }

    static func supervise(_ process: pid_t) -> Never {
        keepOnlyExitRecord()
        while true {
            let sig = md_wait_any_signal()
            if sig < 0 {
                var status: Int32 = 0
                _ = retryingOnInterrupt { waitpid(process, &status, 0) }.result
                exit(as: ProcessExit(waitStatus: status))
            }
            if sig != SIGCHLD {
                kill(process, sig)
                continue
            }
            while true {
                var status: Int32 = 0
                let reaped = waitpid(-1, &status, WNOHANG)
                if reaped <= 0 { break }
                if reaped == process { exit(as: ProcessExit(waitStatus: status)) }
            }
        }
    }

    /// Records how the process ended for the parent (``ExitRecord``), then exits with its shell status, which is
    /// all a process can exit with (PID 1 of a pid namespace cannot be killed by its own signal).
    static func exit(as processExit: ProcessExit) -> Never {
        _ = Sys.writeAll(Executor.exitFD, ExitRecord.encode(processExit))
        _exit(processExit.shellStatus)
    }
}
