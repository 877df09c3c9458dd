import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init`, the container's first process (see ``Executor``). Reads its steps from
    /// ``programFD`` until end of file, carries them out, and ends in execve of the container's process; a
    /// failure is written to ``reportFD`` as one record, and the process exits 125.
    ///
    /// This path stays small: no Foundation, no argument parser, no threads (unshare and setns need a
    /// single-threaded caller).
    public static func childMain() -> Never {
        var st = stat()
        guard fstat(programFD, &st) == 0, (st.st_mode & S_IFMT) == S_IFIFO, fstat(reportFD, &st) == 0 else {
            let text = "mydocker init: this command is internal: mydocker apply starts it inside the container's namespaces\n"
            _ = Sys.writeAll(2, Array(text.utf8))
            exit(2)
        }
        _ = fcntl(reportFD, F_SETFD, FD_CLOEXEC)  // closed by the final execve: end of file tells the parent it worked
        guard let bytes = Sys.readAll(programFD), !bytes.isEmpty else {
            _exit(ExitStatus.runtimeFailure)  // the parent failed or died before sending the steps
        }
        close(programFD)
        // Init's exit record and the passed descriptors (detached mounts) never reach the container's process.
        _ = md_cloexec_from(UInt32(MD_CHILD_EXIT_FD))
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

    /// The child's fixed descriptors (Sources/CShim/include/md_child_fds.h).
    static let programFD = Int32(MD_CHILD_PROGRAM_FD)
    static let reportFD = Int32(MD_CHILD_REPORT_FD)
    static let exitFD = Int32(MD_CHILD_EXIT_FD)

    static func reportAndExit(_ error: StepError) -> Never {
        _ = Sys.writeAll(reportFD, FailureRecord.encode(error))
        _exit(ExitStatus.runtimeFailure)
    }
}
