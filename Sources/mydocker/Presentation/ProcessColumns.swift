import Glibc
import LinuxSystem

/// The columns of `ps -ef` (UID PID PPID C STIME TTY TIME CMD), as `top` prints a container's processes, computed
/// as procps computes them from the same /proc fields.
struct ProcessColumns {
    static let header = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]

    /// User names by uid (the host's /etc/passwd).
    var userNames: [UInt32: String]
    /// Seconds since the epoch at boot, and since boot now.
    var bootTime: Int64
    var uptime: Double
    var ticksPerSecond: UInt64
    /// Now, for STIME's choice of format.
    var now: Int64

    func row(_ process: ProcessSnapshot) -> [String] {
        [
            userNames[process.uid] ?? String(process.uid), String(process.pid), String(process.ppid),
            String(cpuPercent(process)), startTime(process), Self.terminalName(process.terminal), Self.cpuTime(process.cpuTicks / ticksPerSecond),
            process.arguments.isEmpty ? "[\(process.name)]" : process.arguments.joined(separator: " "),
        ]
    }

    /// C: CPU time over time alive, in whole percent, at most 99 (procps's pcpu for the C column).
    func cpuPercent(_ process: ProcessSnapshot) -> UInt64 {
        let alive = uptime - Double(process.startTicks) / Double(ticksPerSecond)
        guard alive >= 1 else { return 0 }
        return min(99, UInt64(Double(process.cpuTicks) * 100 / Double(ticksPerSecond) / alive))
    }

    /// STIME: `HH:MM` when it started today, `MonDD` this year, the year before (procps's pr_stime), local time.
    func startTime(_ process: ProcessSnapshot) -> String {
        var started = time_t(bootTime + Int64(process.startTicks / ticksPerSecond))
        var current = time_t(now)
        var then = tm()
        var today = tm()
        guard localtime_r(&started, &then) != nil, localtime_r(&current, &today) != nil else { return "?" }
        let format = then.tm_year != today.tm_year ? "%Y" : then.tm_yday != today.tm_yday ? "%b%d" : "%H:%M"
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, format, &then)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// TTY: the terminal's name from its device number (`pts/3`, `tty1`, `ttyS0`), `?` for none or one unknown.
    static func terminalName(_ device: Int32) -> String {
        guard device != 0 else { return "?" }
        let raw = UInt32(bitPattern: device)
        let major = (raw >> 8) & 0xfff
        let minor = (raw & 0xff) | ((raw >> 12) & 0xfff00)
        switch major {
        case 136...143: return "pts/\((major - 136) * 256 + minor)"
        case 4 where minor < 64: return "tty\(minor)"
        case 4: return "ttyS\(minor - 64)"
        case 5 where minor == 1: return "console"
        default: return "?"
        }
    }

    /// TIME: `[DD-]HH:MM:SS`.
    static func cpuTime(_ seconds: UInt64) -> String {
        func two(_ n: UInt64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let days = seconds / 86400
        let clock = "\(two(seconds / 3600 % 24)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        return days > 0 ? "\(days)-\(clock)" : clock
    }
}
