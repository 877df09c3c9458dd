import Foundation
import Glibc
import Testing
import TestSupport
@testable import Cgroups

/// A container's cgroup made for real on this host, seen as a v1-only host and as a v2-only host in turn (this
/// host is hybrid), so that both freezers and both ways of signalling every process run for real.
@Suite(.serialized, .enabled(if: isRoot, "makes cgroups: needs root"))
struct ContainerCgroupHostTests {
    func host(_ version: CgroupHierarchy.Version) throws -> CgroupHost {
        let all = try CgroupHost.current()
        return CgroupHost(hierarchies: all.hierarchies.filter { $0.version == version })
    }

    /// A sleeping process, moved into `cgroup`; the caller reaps it.
    func sleeper(in cgroup: ContainerCgroup) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        try cgroup.add(pid: process.processIdentifier)
        return process
    }

    func state(of pid: Int32) -> Character? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(close, offsetBy: 2)...].first
    }

    @Test(arguments: [CgroupHierarchy.Version.v1, .v2])
    func freezeThawAndSignalEveryProcess(version: CgroupHierarchy.Version) throws {
        let host = try host(version)
        try #require(!host.hierarchies.isEmpty, "this host has no \(version) hierarchy")
        let path = "/mydocker-test-\(Int.random(in: 100_000...999_999))/box"
        let cgroup = try ContainerCgroup.create(path: path, host: host)
        let process = try sleeper(in: cgroup)
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            try? cgroup.remove(patience: 1000)
        }
        #expect(cgroup.processes() == [process.processIdentifier])

        try cgroup.freeze()
        #expect(cgroup.isFrozen)
        try cgroup.thaw()
        #expect(!cgroup.isFrozen)

        // v2: through cgroup.kill; v1 (no unified hierarchy): freeze, signal each process, thaw. (SIGKILL: the test
        // runner's children may have other signals blocked.)
        try cgroup.signalAll(SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
        #expect(cgroup.waitUntilEmpty(patience: 2000))
        try cgroup.remove()
        let top = String(path.split(separator: "/")[0])
        for hierarchy in host.hierarchies {
            #expect(access(hierarchy.mountPoint + "/" + top, F_OK) != 0, "\(hierarchy.mountPoint)/\(top) is left")
        }
    }
}
