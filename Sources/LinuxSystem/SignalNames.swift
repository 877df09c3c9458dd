import Glibc

/// Signal names and numbers as `kill` accepts them (`TERM`, `SIGTERM`, `kill`, `9`) and `ps` prints them.
public enum SignalNames {
    public static let table: [(name: String, number: Int32)] = [
        ("HUP", SIGHUP), ("INT", SIGINT), ("QUIT", SIGQUIT), ("ILL", SIGILL), ("TRAP", SIGTRAP),
        ("ABRT", SIGABRT), ("BUS", SIGBUS), ("FPE", SIGFPE), ("KILL", SIGKILL), ("USR1", SIGUSR1),
        ("SEGV", SIGSEGV), ("USR2", SIGUSR2), ("PIPE", SIGPIPE), ("ALRM", SIGALRM), ("TERM", SIGTERM),
        ("STKFLT", SIGSTKFLT), ("CHLD", SIGCHLD), ("CONT", SIGCONT), ("STOP", SIGSTOP), ("TSTP", SIGTSTP),
        ("TTIN", SIGTTIN), ("TTOU", SIGTTOU), ("URG", SIGURG), ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ),
        ("VTALRM", SIGVTALRM), ("PROF", SIGPROF), ("WINCH", SIGWINCH), ("IO", SIGIO), ("PWR", SIGPWR),
        ("SYS", SIGSYS),
    ]

    /// The highest signal number Linux knows (SIGRTMAX on x86_64 and arm64).
    public static let maxSignal: Int32 = 64

    /// The number of `word`: a name with or without `SIG`, any case, or a number from 1 to 64.
    public static func parse(_ word: String) -> Int32? {
        if let number = Int32(word) {
            return (1...maxSignal).contains(number) ? number : nil
        }
        var name = word.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if name == "IOT" { return SIGABRT }
        if name == "CLD" { return SIGCHLD }
        if name == "POLL" { return SIGIO }
        return table.first { $0.name == name }?.number
    }

    /// `SIGKILL`, or `signal 40` for one without a name here.
    public static func name(of number: Int32) -> String {
        table.first { $0.number == number }.map { "SIG" + $0.name } ?? "signal \(number)"
    }
}
