import CShim
import Glibc
import LinuxSystem

extension Executor {
    /// The entry of `mydocker init`, the container's first process (see ``Executor``). Reads its steps from
    /// ``programFD`` (length-prefixed), carries them out, and ends in execve of the container's process; a
    /// failure is written to ``reportFD`` as one record, and the process exits 125.
    ///
    /// This path stays small: no Foundation, no argument parser, no threads (unshare and setns need a
    /// single-threaded caller).
    ///
    /// `zygote`: for the fork of a ``Zygote``, pidfds of apply and of the zygote (see ``ZygoteWatch``).
    public static func childMain(zygote: ZygoteWatch? = nil) -> Never {
        ZygoteWatch.current = zygote
        var st = stat()
        guard fstat(programFD, &st) == 0, (st.st_mode & S_IFMT) == S_IFIFO, fstat(reportFD, &st) == 0 else {
            let text = "mydocker init: this command is internal: mydocker apply starts it inside the container's namespaces\n"
            _ = Sys.writeAll(2, Array(text.utf8))
            exit(2)
        }
        _ = fcntl(reportFD, F_SETFD, FD_CLOEXEC)  // closed by the final execve: end of file tells the parent it worked
        let program = readProgram()
        // Init's exit record and the passed descriptors (detached mounts) never reach the container's process.
        _ = md_cloexec_from(UInt32(MD_CHILD_EXIT_FD))
        // The pipe stays open only for the rest of the program or the runtime's hooks, whose go signal comes on it.
        if program.followedByRest || program.awaitsRuntimeHooks { _ = fcntl(programFD, F_SETFD, FD_CLOEXEC) } else { close(programFD) }
        var runner = ChildRunner(program: program)
        do {
            try runner.run()
            reportAndExit(StepError(what: "start the process", hint: "internal error: the plan has no exec step"))
        } catch {
            reportAndExit(error)
        }
    }

    /// The next program (or part of one) on ``programFD``: its length, then the program. The parent failed or died
    /// if it sent less: the child just ends, the parent reports.
    static func readProgram() -> ChildProgram {
        guard let header = readExactly(programFD, 4), let bytes = readExactly(programFD, Int(header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })),
              !bytes.isEmpty else {
            _exit(ExitStatus.runtimeFailure)
        }
        do {
            return try ChildProgram(decoding: bytes)
        } catch {
            reportAndExit(StepError(what: "read the child's steps", hint: "internal error: \(error)"))
        }
    }

    /// Exactly `count` bytes from `fd`, or nil at end of file or on an error first.
    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { b -> Int in
                guard let base = b.baseAddress else { return 0 }
                return retryingOnInterrupt { read(fd, base + done, count - done) }.result
            }
            if n <= 0 { return nil }
            done += n
        }
        return bytes
    }

    /// The child's fixed descriptors (Sources/CShim/include/md_child_fds.h).
    static let programFD = Int32(MD_CHILD_PROGRAM_FD)
    static let reportFD = Int32(MD_CHILD_REPORT_FD)
    static let exitFD = Int32(MD_CHILD_EXIT_FD)

    static func reportAndExit(_ error: StepError) -> Never {
        if reportsOnStderr {
            // After `mydocker create` returned: nobody reads the report pipe; the container's stderr is where it goes.
            _ = Sys.writeAll(reportFD, Array("mydocker start: \(error)\n".utf8))
            let notFound = error.syscall == nil && (error.errno == ENOENT || error.errno == ENOTDIR)
            let cannotRun = error.syscall == nil && (error.errno == EACCES || error.errno == ENOEXEC || error.errno == EPERM)
            _exit(notFound ? ExitStatus.commandNotFound : cannotRun ? ExitStatus.cannotExecute : ExitStatus.runtimeFailure)
        }
        _ = Sys.writeAll(reportFD, FailureRecord.encode(error))
        _exit(ExitStatus.runtimeFailure)
    }
}
