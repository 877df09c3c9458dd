import CShim

/// Why md_spawn (Sources/CShim/spawn.c) could not start a process: the stage that failed, which one of several
/// (a namespace to join, an exec candidate, a descriptor), and errno. Callers put it in their own words; the
/// system call a stage stands for comes from ``call``, the one table of them.
public struct SpawnFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var stage: md_spawn_stage
    public var index: Int
    /// errno of the failed call; for ``MD_SPAWN_STAGE_LOST``, the intermediate process's wait status.
    public var errno: Int32

    public init(stage: md_spawn_stage, index: Int = 0, errno: Int32) {
        self.stage = stage
        self.index = index
        self.errno = errno
    }

    init(_ failure: md_spawn_failure) {
        self.init(stage: md_spawn_stage(rawValue: UInt32(bitPattern: failure.stage)), index: Int(failure.index),
                  errno: failure.err)
    }

    /// The system call the stage stands for (`setns`, `execve`), empty for one that is not a call.
    public var call: String {
        switch stage {
        case MD_SPAWN_STAGE_PIPE: "pipe2"
        case MD_SPAWN_STAGE_CLONE: "clone"
        case MD_SPAWN_STAGE_PDEATHSIG: "prctl(PR_SET_PDEATHSIG)"
        case MD_SPAWN_STAGE_SETNS: "setns"
        case MD_SPAWN_STAGE_SETSID: "setsid"
        case MD_SPAWN_STAGE_FCHDIR: "fchdir"
        case MD_SPAWN_STAGE_CHROOT: "chroot"
        case MD_SPAWN_STAGE_DUPFD: "fcntl(F_DUPFD_CLOEXEC)"
        case MD_SPAWN_STAGE_DUP2: "dup2"
        case MD_SPAWN_STAGE_SETFD: "fcntl(F_SETFD)"
        case MD_SPAWN_STAGE_SECCOMP: "seccomp(SECCOMP_SET_MODE_FILTER)"
        case MD_SPAWN_STAGE_CLOSE_RANGE: "close_range"
        case MD_SPAWN_STAGE_TIOCSCTTY: "ioctl(TIOCSCTTY)"
        case MD_SPAWN_STAGE_UNSHARE: "unshare(CLONE_NEWTIME)"
        case MD_SPAWN_STAGE_SETGROUPS: "setgroups"
        case MD_SPAWN_STAGE_SETRESGID: "setresgid"
        case MD_SPAWN_STAGE_SETRESUID: "setresuid"
        case MD_SPAWN_STAGE_CHDIR: "chdir"
        case MD_SPAWN_STAGE_KEEP_CAPS: "prctl(PR_CAP_AMBIENT_RAISE)"
        case MD_SPAWN_STAGE_DROP_CAPS: "capset"
        case MD_SPAWN_STAGE_EXEC: "execve"
        case MD_SPAWN_STAGE_CGROUP: "write cgroup.procs"
        case MD_SPAWN_STAGE_RLIMIT: "prlimit"
        case MD_SPAWN_STAGE_CAP_LAST: "prctl(PR_CAPBSET_READ)"
        case MD_SPAWN_STAGE_CAPBSET: "prctl(PR_CAPBSET_DROP, \(Self.capabilityNumber(index)))"
        case MD_SPAWN_STAGE_KEEPCAPS: "prctl(PR_SET_KEEPCAPS, \(index))"
        case MD_SPAWN_STAGE_CAPSET: "capset"
        case MD_SPAWN_STAGE_AMBIENT:
            index < 0 ? "prctl(PR_CAP_AMBIENT_CLEAR_ALL)" : "prctl(PR_CAP_AMBIENT_RAISE, \(Self.capabilityNumber(index)))"
        case MD_SPAWN_STAGE_NO_NEW_PRIVS: "prctl(PR_SET_NO_NEW_PRIVS)"
        case MD_SPAWN_STAGE_EXEC_LABEL: index == 0 ? "write /proc/self/attr/apparmor/exec" : "write /proc/self/attr/exec"
        default: ""
        }
    }

    /// Capability `number` as the stage's index gives it (callers with the names put them in their own words).
    static func capabilityNumber(_ number: Int) -> String { "capability \(number)" }

    /// The failure as the OS layer's error: the call and errno; for a process that died without a word, its wait
    /// status as the hint.
    public var systemError: SystemError {
        switch stage {
        case MD_SPAWN_STAGE_LOST:
            SystemError(hint: "the intermediate process ended without a report (wait status \(errno))")
        case MD_SPAWN_STAGE_ATTR:
            SystemError(errno: errno, hint: "internal error: spawn attributes out of range")
        default:
            SystemError(call: call, errno: errno)
        }
    }

    public var description: String { systemError.description }
}
