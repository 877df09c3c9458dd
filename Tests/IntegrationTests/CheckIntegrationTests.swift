import Foundation
import Testing

/// `mydocker check`: the kernel report, as text and as JSON.
@Suite struct CheckIntegrationTests {
    /// The spec's words for the kinds (`network`, `mount`), in the kernel's order; the kernel's own names (`net`,
    /// `mnt`) are in the paths only.
    static let kinds = ["pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"]
    static let procNames = ["pid", "net", "mnt", "ipc", "uts", "user", "cgroup", "time"]

    @Test func printsOneLinePerNamespaceKind() throws {
        let run = try StateCLI.run(["check"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n")
        let namespaceLines = lines.filter { $0.dropFirst(6).hasPrefix("namespace ") }
        #expect(namespaceLines.count == 8)
        #expect(namespaceLines.map { $0.dropFirst(6).dropFirst("namespace ".count).prefix { $0 != ":" } }.map(String.init) == Self.kinds)
        for (kind, procName) in zip(Self.kinds, Self.procNames) {
            let limitFile = "/proc/sys/user/max_\(procName)_namespaces"
            let line = namespaceLines.first { $0.contains("namespace \(kind):") }.map(String.init) ?? ""
            if let limit = try? String(contentsOfFile: limitFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
                if limit == "0" {
                    #expect(line.contains("echo "), "a zero limit says which file to write: \(line)")
                    #expect(line.contains("> \(limitFile)"))
                } else {
                    #expect(line.contains("limit \(limit)"), "\(line)")
                }
            }
        }
        for subject in ["loop devices: ", "file systems: ", "cgroups: ", "unprivileged user namespaces: "] {
            #expect(lines.contains { $0.dropFirst(6).hasPrefix(subject) }, "a line about \(subject)")
        }
    }

    @Test func jsonIsValidAndComplete() throws {
        let run = try StateCLI.run(["check", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let namespaces = try #require(object["namespaces"] as? [[String: Any]])
        #expect(namespaces.compactMap { $0["type"] as? String } == Self.kinds)
        #expect(namespaces.compactMap { $0["name"] as? String } == Self.procNames)
        for namespace in namespaces {
            #expect(namespace["supported"] is Bool)
            #expect(namespace["limitFile"] is String)
        }
        #expect(["v1", "v2", "hybrid", "none"].contains(object["cgroup"] as? String ?? ""))
        let filesystems = try #require(object["filesystems"] as? [String: Bool])
        #expect(Set(filesystems.keys) == ["ext4", "xfs", "tmpfs", "proc", "sysfs", "devpts", "mqueue", "cgroup2", "btrfs", "vfat"])
        #expect(filesystems["proc"] == true)
        #expect((object["loop"] as? [String: Any])?["available"] is Bool)
        #expect((object["unprivilegedUserNamespaces"] as? [String: Any])?["allowed"] is Bool)
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let run = try StateCLI.run(["check", "--format", "xml"])
        #expect(run.status == 125)
        #expect(run.stderr.hasPrefix("mydocker check: The value 'xml' is invalid for '--format <format>'"), "\(run)")
        #expect(run.stdout == "")
    }
}
