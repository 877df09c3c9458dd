/// How a process ended: its exit code, or the signal that killed it. Carried as it is through the runtime and
/// the state store; folded to a shell status (128 + N for signal N, as docker, runc and crun report it) only
/// where a status is printed or exited with.
public enum ProcessExit: Sendable, Equatable, Hashable {
    case exited(Int32)
    case signaled(Int32)

    /// The one decoder of a wait(2) status. A stopped status (not waited for with WUNTRACED) counts as the stop
    /// signal.
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)         // WIFEXITED: WEXITSTATUS
        } else if signal != 0x7f {
            self = .signaled(signal)                      // WIFSIGNALED: WTERMSIG
        } else {
            self = .signaled((status >> 8) & 0xff)        // stopped: the stop signal
        }
    }

    /// The shell's status: the exit code, or 128 + N.
    public var shellStatus: Int32 {
        switch self {
        case let .exited(code): code
        case let .signaled(signal): 128 + signal
        }
    }
}
