import Planner
import Seccomp

extension ChildRunner {
    /// Whether the seccomp step at `index` is the last thing before the process starts (only init and exec follow):
    /// then the filter is installed by whatever makes the process, right before its execve (md_spawn from PID 1,
    /// or the child's own execve), so that nothing of mydocker's runs under it.
    func seccompIsLast(at index: Int) -> Bool {
        program.steps[(index + 1)...].allSatisfy { step in
            switch step.action {
            case .startInit, .exec: true
            default: false
            }
        }
    }

    /// The program the parent compiled, checked; installed here (without no_new_privs, while this process still
    /// holds CAP_SYS_ADMIN, which seccomp(2) then needs).
    func installSeccomp(step: Int) throws(StepError) {
        do {
            try SeccompProgram(bytes: program.seccompFilter, flags: program.seccompFlags).install()
        } catch {
            throw StepError(step: step, what: "", cause: error.cause)
        }
    }
}
