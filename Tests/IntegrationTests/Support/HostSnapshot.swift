import Foundation
import Glibc
import Testing

/// What a container must never change on the host: hostname, mount table, network interfaces, the cgroup trees
/// mydocker makes containers in. Loop devices are read on their own (``loopDevices()``, ``loopDevices(of:)``).
struct HostSnapshot: Equatable {
    var hostname: String
    var mountinfo: String
    var links: String
    var cgroups: [String]

    static func now() throws -> HostSnapshot {
        HostSnapshot(hostname: hostname(), mountinfo: mountInfo(), links: try links(), cgroups: try cgroups())
    }

    /// Records an issue at the caller when the host is not as it was `before`, listing what differs
    /// (``changes(since:)``), so that a failure says what was left behind, not only that something was.
    static func expectUnchanged(since before: HostSnapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let changes = try now().changes(since: before)
        #expect(changes.isEmpty, "the host is not as it was: \(changes.joined(separator: "; "))", sourceLocation: sourceLocation)
    }

    /// What differs from `before`, one line each (`+ mount …`, `- link …`, `hostname a -> b`): empty when nothing
    /// does.
    func changes(since before: HostSnapshot) -> [String] {
        func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
        func compare(_ what: String, _ old: [String], _ new: [String]) -> [String] {
            let kept = Set(old), now = Set(new)
            return new.filter { !kept.contains($0) }.map { "+ \(what) \($0)" } + old.filter { !now.contains($0) }.map { "- \(what) \($0)" }
        }
        var found = hostname == before.hostname ? [] : ["hostname \(before.hostname) -> \(hostname)"]
        found += compare("mount", lines(before.mountinfo), lines(mountinfo))
        found += compare("link", lines(before.links), lines(links))
        found += compare("cgroup", before.cgroups, cgroups)
        return found
    }

    /// Every `mydocker-*` directory (where mydocker puts a container's cgroup when its spec names none) and what is
    /// below it, in each cgroup hierarchy; throws when no hierarchy is found, so that two snapshots never compare
    /// empty lists.
    static func cgroups() throws -> [String] {
        let hierarchies = mountInfo().split(separator: "\n").compactMap { line -> String? in
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2, halves[1].hasPrefix("cgroup") else { return nil }
            let fields = halves[0].split(separator: " ")
            return fields.count > 4 ? String(fields[4]) : nil
        }
        try #require(!hierarchies.isEmpty, "no cgroup hierarchy in /proc/self/mountinfo")
        var directories: [String] = []
        for hierarchy in hierarchies {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: hierarchy)) ?? []
            for name in names where name.hasPrefix("mydocker-") {
                let top = hierarchy + "/" + name
                directories.append(top)
                for path in (try? FileManager.default.subpathsOfDirectory(atPath: top)) ?? [] {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: top + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue {
                        directories.append(top + "/" + path)
                    }
                }
            }
        }
        return directories.sorted()
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

    /// `ip -o link`; throws when ip is missing or fails, or lists no `lo` (every network namespace has one), so
    /// that two snapshots never compare empty lists.
    static func links() throws -> String {
        let ip = try ProcessRunner.run(["/usr/sbin/ip", "-o", "link"])
        try #require(ip.status == 0, "ip -o link: \(ip)")
        // Lines such as `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 ...`: the name is the second field.
        let names = ip.stdout.split(separator: "\n").compactMap { $0.split(separator: ":", maxSplits: 2).dropFirst().first }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(names.contains("lo"), "ip -o link lists no lo: \(ip)")
        return ip.stdout
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
