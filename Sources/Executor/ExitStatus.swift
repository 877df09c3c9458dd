/// How a wait(2) status becomes mydocker's exit status: the process's exit code, or 128 + N when signal N
/// killed it (the shell's convention, which docker, runc and crun follow).
public enum ExitStatus {
    /// The status apply exits with when mydocker itself failed before the container's process started
    /// (lint errors, a failed step). 125, as docker and podman use for "the runtime failed".
    public static let runtimeFailure: Int32 = 125

    public static func code(fromWaitStatus status: Int32) -> Int32 {
        let signal = status & 0x7f
        if signal == 0 { return (status >> 8) & 0xff }      // WIFEXITED: WEXITSTATUS
        if signal != 0x7f { return 128 + signal }           // WIFSIGNALED: 128 + WTERMSIG
        return 128 + ((status >> 8) & 0xff)                 // stopped (not waited for with WUNTRACED): the stop signal
    }
}
