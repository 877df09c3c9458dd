import CShim
import Glibc
import LinuxSystem

extension MinimalInit {
    /// ``start(step:)`` followed by ``ChildRunner/exec(_:step:)``, when exec is all that is left after
    /// startInit: instead of a fork of this whole process, PID 1 prepares argv, envp and the PATH candidates,
    /// then md_spawn makes the process (vfork-style) and execve's it while PID 1 waits, so PID 1 knows the result.
    /// On success it supervises and never returns; a failure throws the error the process's exec step would have.
    /// `descriptors` is the process's table: stdio and the descriptors passed to it (as 3, 4, …).
    /// `seccomp`, when given, is installed in the process right before its execve; a failure is its step's.
    static func spawn(_ args: [String], environment: [String], terminal: Bool, keepCapabilities: Bool, descriptors: [Int32] = [0, 1, 2],
                      seccomp: (filter: [UInt8], flags: UInt32, step: Int)? = nil,
                      initStep: Int, execStep: Int) throws(StepError) -> Never {
        guard let name = args.first else { throw ChildRunner.emptyArgs(step: execStep) }
        let path = ExecSearch.path(in: environment)
        var request = SpawnRequest(arguments: args, environment: environment)
        request.candidates = ExecSearch.candidates(for: name, path: path)
        request.descriptors = descriptors
        // Init never installs a handler nor ignores a signal, and execve resets handlers: the mask is all the
        // process must not inherit.
        request.session = terminal ? .terminal : .keep
        // The plan's setCapabilities chose the ambient and inheritable sets; without it, clear what the child raised.
        request.capabilities = keepCapabilities ? .unchanged : .dropInherited
        if let seccomp {
            request.seccompFilter = seccomp.filter
            request.seccompFlags = seccomp.flags
        }
        _ = md_block_all_signals()
        let pid: Int32
        do {
            pid = try request.start()
        } catch {
            _ = md_unblock_all_signals()
            switch error.stage {
            case MD_SPAWN_STAGE_CLONE:
                throw StepError(step: initStep, what: "", syscall: error.call, errno: error.errno)
            case MD_SPAWN_STAGE_EXEC:
                throw ChildRunner.execFailure(name: name, path: path, errno: error.errno, step: execStep)
            case MD_SPAWN_STAGE_SECCOMP:
                throw StepError(step: seccomp?.step ?? execStep, what: "", cause: error.systemError)
            default:
                throw StepError(step: execStep, what: "", cause: error.systemError)
            }
        }
        close(Executor.reportFD)  // the process's execve closed its copy: the parent now sees end of file
        supervise(pid)
    }
}
