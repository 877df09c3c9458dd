import Foundation
import Glibc

/// What a container must never change on the host: hostname, mount table, network interfaces. Loop devices are
/// read on their own (``loopDevices()``, ``loopDevices(of:)``).
struct HostSnapshot: Equatable {
    var hostname: String
    var mountinfo: String
    var links: String

    static func now() -> HostSnapshot {
        HostSnapshot(hostname: hostname(), mountinfo: mountInfo(), links: links())
    }

    /// gethostname(2).
    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// /proc/self/mountinfo.
    static func mountInfo() -> String {
        (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
    }

    /// `ip -o link`.
    static func links() -> String {
        ProcessRunner.runCatching(["/usr/sbin/ip", "-o", "link"]).stdout
    }

    /// `losetup -a`: every loop device and its file.
    static func loopDevices() -> String {
        ProcessRunner.runCatching(["/usr/sbin/losetup", "-a"]).stdout
    }

    /// The loop devices `image` is attached to now (`losetup -j`).
    static func loopDevices(of image: String) -> [String] {
        ProcessRunner.runCatching(["losetup", "--noheadings", "--output", "NAME", "--associated", image]).stdout
            .split(separator: "\n").map(String.init)
    }
}
