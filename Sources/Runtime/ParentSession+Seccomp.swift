import LinuxSystem
import Planner
import Seccomp
import Spec

extension ParentSession {
    /// The filter of the plan's ``ChildAction/installSeccomp(_:)`` step, compiled by libseccomp (or read from the
    /// cache of compiled programs, ``RunOptions/seccompCache``) while the child starts; nil without one. A profile
    /// libseccomp refuses is that step's error.
    func compileSeccomp() throws(StepError) -> SeccompProgram? {
        guard let step = plan.steps.first(where: { if case .child(.installSeccomp) = $0.action { true } else { false } }),
              case .child(.installSeccomp(let seccomp)) = step.action else { return nil }
        do {
            if let directory = options.seccompCache {
                return try SeccompCache(directory: directory).program(for: seccomp)
            }
            return try SeccompProgram.compile(seccomp)
        } catch {
            // The error names the part of the profile (`linux.seccomp.syscalls[3] (uname)`): it leads the hint.
            let hint = [error.what, error.cause.hint].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            throw StepError(step: step.number, what: describe(step), cause: SystemError(call: error.cause.call, errno: error.cause.errno, hint: hint))
        }
    }
}
