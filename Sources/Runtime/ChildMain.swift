import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init`, the container's first process (see ``Executor``). Reads its steps from
    /// descriptor 3 until end of file, carries them out, and ends in execve of the container's process; a
    /// failure is written to descriptor 4 as one record, and the process exits 125.
    ///
    /// This path stays small: no Foundation, no argument parser, no threads (unshare and setns need a
    /// single-threaded caller).
    public static func childMain() -> Never {
        var st = stat()
        guard fstat(3, &st) == 0, (st.st_mode & S_IFMT) == S_IFIFO, fstat(4, &st) == 0 else {
            let text = "mydocker init: this command is internal: mydocker apply starts it inside the container's namespaces\n"
            _ = Sys.writeAll(2, Array(text.utf8))
            exit(2)
        }
        _ = fcntl(4, F_SETFD, FD_CLOEXEC)  // closed by the final execve: end of file tells the parent it worked
        guard let bytes = Sys.readAll(3), !bytes.isEmpty else {
            _exit(ExitStatus.runtimeFailure)  // the parent failed or died before sending the steps
        }
        close(3)
        _ = md_cloexec_from(5)  // passed descriptors (detached mounts) never reach the container's process
        let program: ChildProgram
        do {
            program = try ChildProgram(decoding: bytes)
        } catch {
            reportAndExit(StepError(what: "read the child's steps", hint: "internal error: \(error)"))
        }
        var runner = ChildRunner(program: program)
        do {
            try runner.run()
            reportAndExit(StepError(what: "start the process", hint: "internal error: the plan has no exec step"))
        } catch {
            reportAndExit(error)
        }
    }

    static func reportAndExit(_ error: StepError) -> Never {
        _ = Sys.writeAll(4, FailureRecord.encode(error))
        _exit(ExitStatus.runtimeFailure)
    }
}
