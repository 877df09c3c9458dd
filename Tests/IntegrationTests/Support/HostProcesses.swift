import Foundation

/// The processes on the host, from /proc, for tests that check what they started is running or gone.
enum HostProcesses {
    /// Every process's pid and the words of its command line.
    static func all() -> [(pid: String, words: [String])] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid in
            guard pid.allSatisfy(\.isNumber), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { return nil }
            return (pid, data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Pids whose command line has `argument` as a word.
    static func pids(withArgument argument: String) -> [String] {
        all().filter { $0.words.contains(argument) }.map(\.pid)
    }
}

/// Waits until `condition` holds, checking every 10 ms for at most about `seconds`; whether it held.
func waitUntil(seconds: Int, _ condition: () throws -> Bool) rethrows -> Bool {
    for _ in 0..<(seconds * 100) {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}
