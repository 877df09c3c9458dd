import CShim
import Glibc
import LinuxSystem

extension ChildRunner {
    /// execve of `args`, searched in the container's PATH by execvp's rules (``ExecSearch`` and
    /// md_execve_candidates, the same as md_spawn's). Returns only by throwing.
    func exec(_ args: [String], step: Int) throws(StepError) {
        guard let name = args.first else { throw Self.emptyArgs(step: step) }
        if program.terminal {
            var failedCall: Int32 = 0
            if md_make_controlling_tty(0, &failedCall) != 0 {
                throw StepError(step: step, what: "", syscall: failedCall == 1 ? "setsid" : "ioctl(TIOCSCTTY)", errno: errno)
            }
        }
        // A user namespace's child raised its capabilities into the ambient set to survive its own re-exec;
        // they must not reach a non-root process.
        // When the plan set the capabilities itself, its ambient and inheritable sets stand.
        if !setsCapabilities && md_drop_inherited_caps() != 0 { throw StepError(step: step, what: "", syscall: "capset", errno: errno) }

        let environment = processEnvironment(pid: getpid())
        let path = ExecSearch.path(in: environment)
        let candidates = CStringArray(ExecSearch.candidates(for: name, path: path))
        let argv = CStringArray(args)
        let envp = CStringArray(environment)
        let restoreReport = try installProcessDescriptors(step: step)
        defer { restoreReport() }
        // The filter last: nothing of mydocker's runs under it but the execve itself.
        if let seccompStep = seccompAtExec { try installSeccomp(step: seccompStep) }
        var failedIndex: Int32 = 0
        let lastError = withExtendedLifetime((candidates, argv, envp)) {
            md_execve_candidates(candidates.constPointers, Int32(candidates.count), argv.constPointers,
                                 envp.constPointers, &failedIndex)
        }
        throw Self.execFailure(name: name, path: path, errno: lastError, step: step)
    }

    static func emptyArgs(step: Int) -> StepError {
        StepError(step: step, what: "", hint: "process.args is empty")
    }

    /// The error of a failed PATH search and execve (`lastError` as execvp reports it), with a hint when the
    /// name is not found in PATH or the file's interpreter is missing.
    static func execFailure(name: String, path: String, errno lastError: Int32, step: Int) -> StepError {
        var hint: String?
        if !name.contains("/") && (lastError == ENOENT || lastError == EACCES) {
            hint = "\(name) is not found in PATH=\(path)"
        } else if lastError == ENOENT && access(name, F_OK) == 0 {
            hint = "the file exists: its interpreter (#!) or dynamic loader is missing in the container"
        }
        return StepError(step: step, what: "", errno: lastError, hint: hint)
    }
}
