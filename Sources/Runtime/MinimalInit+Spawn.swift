import CShim
import Glibc
import LinuxSystem

extension MinimalInit {
    /// ``start(step:)`` followed by ``ChildRunner/exec(_:step:)``, when exec is all that is left after
    /// startInit: instead of a fork of this whole process, PID 1 prepares argv, envp and the PATH candidates,
    /// then md_spawn_vfork makes the process and execve's it while PID 1 waits, so PID 1 knows the result. On
    /// success it supervises and never returns; a failure throws the error the process's exec step would have.
    static func spawn(_ args: [String], environment: [String], terminal: Bool, initStep: Int,
                      execStep: Int) throws(StepError) -> Never {
        guard let name = args.first else { throw ChildRunner.emptyArgs(step: execStep) }
        let path = ExecSearch.path(in: environment)
        let candidates = CStringArray(ExecSearch.candidates(for: name, path: path))
        let argv = CStringArray(args)
        let envp = CStringArray(environment)
        _ = md_block_all_signals()
        var failedErrno: Int32 = 0
        var failedCall: Int32 = 0
        let pid = withExtendedLifetime((candidates, argv, envp)) {
            candidates.pointers.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: candidates.count + 1) {
                md_spawn_vfork($0, candidates.count, argv.pointers, envp.pointers, terminal ? 1 : 0,
                               &failedErrno, &failedCall)
            }
        }
        if pid < 0 {
            _ = md_unblock_all_signals()
            switch failedCall {
            case Int32(MD_SPAWN_CLONE):
                throw StepError(step: initStep, what: "", syscall: "clone(CLONE_VFORK)", errno: failedErrno)
            case Int32(MD_SPAWN_SETSID):
                throw StepError(step: execStep, what: "", syscall: "setsid", errno: failedErrno)
            case Int32(MD_SPAWN_TIOCSCTTY):
                throw StepError(step: execStep, what: "", syscall: "ioctl(TIOCSCTTY)", errno: failedErrno)
            case Int32(MD_SPAWN_CAPSET):
                throw StepError(step: execStep, what: "", syscall: "capset", errno: failedErrno)
            default:
                throw ChildRunner.execFailure(name: name, path: path, errno: failedErrno, step: execStep)
            }
        }
        close(Executor.reportFD)  // the process's execve closed its copy: the parent now sees end of file
        supervise(pid)
    }
}
