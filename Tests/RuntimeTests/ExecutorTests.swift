import Glibc
import Planner
import Spec
import Testing
import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
@testable import Mounts
@testable import Runtime

/// Plans built in code, run for real with the built binary as the child (no planner, no spec file, no rootfs:
/// the container sees the host's file system, as in the seed).
@Suite(.enabled(if: isRoot, "needs root: creates namespaces and writes ID maps"))
struct ExecutorRunTests {
    static let root = ChildAction.setIdentity(uid: 0, gid: 0, additionalGids: [])

    @Test func hostnameChangesInsideOnly() {
        let before = HostSnapshot()
        let plan = makePlan(parent: [.createNamespaces([.uts])],
                            child: [.waitForParent, .setHostname("box"), .setDomainname("example.test"), Self.root,
                                    .exec(["/bin/sh", "-c", "hostname; cat /proc/sys/kernel/domainname"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.status == 0)
        #expect(result.stdout == "box\nexample.test\n")
        #expect(HostSnapshot() == before)
    }

    @Test func userNamespaceMapsTheSeedsIDs() throws {
        let dir = try TempDirectory()
        let plan = makePlan(
            parent: [.createNamespaces([.user, .mount]), .setgroups(allow: false),
                     .writeUIDMap([.init(containerID: 100, hostID: 200, size: 1)]),
                     .writeGIDMap([.init(containerID: 100, hostID: 200, size: 1)])],
            child: [.waitForParent, .setIdentity(uid: 100, gid: 100, additionalGids: []),
                    .exec(["/bin/sh", "-c", "id -u; id -g; cat /proc/self/uid_map; touch \(dir.path)/made-inside"])])
        chmod(dir.path, 0o777)
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines == ["100", "100", "100 200 1"])
        var st = stat()
        #expect(stat("\(dir.path)/made-inside", &st) == 0)
        #expect(st.st_uid == 200 && st.st_gid == 200)
    }

    @Test func rootInAUserNamespaceHasCapabilitiesThereOnly() {
        let plan = makePlan(
            parent: [.createNamespaces([.user, .uts]), .setgroups(allow: true),
                     .writeUIDMap([.init(containerID: 0, hostID: 100000, size: 65536)]),
                     .writeGIDMap([.init(containerID: 0, hostID: 100000, size: 65536)])],
            child: [.waitForParent, .setHostname("userns"), Self.root,
                    .exec(["/bin/sh", "-c", "grep -E '^Cap(Eff|Amb)' /proc/self/status; hostname"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.stdout.contains("CapAmb:\t0000000000000000"))
        #expect(!result.stdout.contains("CapEff:\t0000000000000000"))
        #expect(result.stdout.hasSuffix("userns\n"))
    }

    @Test func nonRootUserEndsWithoutCapabilities() {
        let plan = makePlan(
            parent: [.createNamespaces([.user]), .setgroups(allow: true),
                     .writeUIDMap([.init(containerID: 0, hostID: 100000, size: 65536)]),
                     .writeGIDMap([.init(containerID: 0, hostID: 100000, size: 65536)])],
            child: [.waitForParent, .setIdentity(uid: 1000, gid: 1000, additionalGids: [5]),
                    .exec(["/bin/sh", "-c", "grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status; id -G"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.stdout == """
            CapInh:\t0000000000000000
            CapPrm:\t0000000000000000
            CapEff:\t0000000000000000
            CapAmb:\t0000000000000000
            1000 5

            """)
    }

    @Test func rejectedMapNamesTheLine() {
        let before = HostSnapshot()
        let plan = makePlan(
            parent: [.createNamespaces([.user]), .setgroups(allow: false),
                     .writeUIDMap([.init(containerID: 0, hostID: 1000, size: 10), .init(containerID: 20, hostID: 1005, size: 10)])],
            child: [.waitForParent, Self.root, .exec(["/bin/true"])])
        let result = runCaptured(plan)
        #expect(result.status == nil)
        #expect(result.error?.step == 3)
        #expect(result.error?.errno == EINVAL)
        #expect(result.error?.hint == "line 2: 20 1005 10: host ids 1005-1014 overlap line 1 (0 1000 10)")
        #expect(HostSnapshot() == before)
    }

    @Test func exitStatusPassesThrough() {
        let plan = makePlan(parent: [.createNamespaces([.ipc])], child: [.waitForParent, Self.root, .exec(["/bin/sh", "-c", "exit 7"])])
        #expect(runCaptured(plan).status == 7)
    }

    @Test func killedBySignalIs128PlusN() {
        let plan = makePlan(parent: [.createNamespaces([.pid])], child: [.waitForParent, Self.root, .startInit, .exec(["/bin/sh", "-c", "kill -KILL $$"])])
        #expect(runCaptured(plan).status == 137)
    }

    @Test func pidNamespaceWithoutInitIsPID1() {
        let plan = makePlan(parent: [.createNamespaces([.pid])], child: [.waitForParent, Self.root, .exec(["/bin/sh", "-c", "echo $$"])])
        #expect(runCaptured(plan).stdout == "1\n")
    }

    @Test func initRunsTheProcessAsItsChild() {
        let plan = makePlan(parent: [.createNamespaces([.pid])],
                            child: [.waitForParent, Self.root, .startInit, .exec(["/bin/sh", "-c", "echo $$ $PPID"])])
        let result = runCaptured(plan)
        #expect(result.stdout == "2 1\n")
        #expect(result.status == 0)
    }

    @Test func execOfAMissingBinaryFailsAtItsStep() {
        let plan = makePlan(parent: [.createNamespaces([.uts, .pid])],
                            child: [.waitForParent, .setHostname("box"), Self.root, .startInit, .exec(["/bin/nosuch"])])
        let result = runCaptured(plan)
        #expect(result.status == nil)
        #expect(result.error?.step == 6)
        #expect(result.error?.errno == ENOENT)
        #expect(result.error?.description.hasSuffix("No such file or directory") == true)
    }

    @Test func pathSearchUsesTheContainersEnvironment() {
        let plan = makePlan(parent: [.createNamespaces([])],
                            child: [.waitForParent, Self.root, .setEnvironment(["PATH=/nowhere", "A=1"]), .exec(["true"])])
        let result = runCaptured(plan)
        #expect(result.error?.errno == ENOENT)
        #expect(result.error?.hint == "true is not found in PATH=/nowhere")
    }

    @Test func pathSearchUnderInitGoesOnPastMissingDirectories() {
        let plan = makePlan(parent: [.createNamespaces([.pid])],
                            child: [.waitForParent, Self.root, .setEnvironment(["PATH=/nowhere:/bin"]), .startInit,
                                    .exec(["sh", "-c", "echo $$"])])
        let result = runCaptured(plan)
        #expect(result.stdout == "2\n")
        #expect(result.status == 0)
    }

    @Test func pathSearchUnderInitFailsAtTheExecStepWithTheHint() {
        let plan = makePlan(parent: [.createNamespaces([.pid])],
                            child: [.waitForParent, Self.root, .setEnvironment(["PATH=/nowhere"]), .startInit, .exec(["true"])])
        let result = runCaptured(plan)
        #expect(result.status == nil)
        #expect(result.error?.step == 6)
        #expect(result.error?.errno == ENOENT)
        #expect(result.error?.hint == "true is not found in PATH=/nowhere")
    }

    @Test func execOfANonExecutableFileUnderInitIsPermissionDenied() {
        let plan = makePlan(parent: [.createNamespaces([.pid])],
                            child: [.waitForParent, Self.root, .startInit, .exec(["/etc/passwd"])])
        let result = runCaptured(plan)
        #expect(result.error?.step == 5)
        #expect(result.error?.errno == EACCES)
        #expect(result.error?.hint == nil)
    }

    @Test func environmentIsExactlyTheSpecs() {
        let plan = makePlan(parent: [.createNamespaces([])],
                            child: [.waitForParent, Self.root, .changeDirectory("/tmp"), .setEnvironment(["A=1", "B=two words"]),
                                    .exec(["/usr/bin/env"])])
        let result = runCaptured(plan)
        #expect(result.stdout == "A=1\nB=two words\n")
    }

    @Test func refusesToRenameTheHostWithoutAUTSNamespace() {
        let before = HostSnapshot()
        let plan = makePlan(parent: [.createNamespaces([.ipc])], child: [.waitForParent, .setHostname("oops"), Self.root, .exec(["/bin/true"])])
        let result = runCaptured(plan)
        #expect(result.error?.step == 3)
        #expect(result.error?.hint?.hasPrefix("refusing to change the hostname of the host") == true)
        #expect(HostSnapshot() == before)
    }

    @Test func refusesToRenameTheHostWhenJoiningItsOwnUTSNamespace() {
        let before = HostSnapshot()
        let plan = makePlan(parent: [.joinNamespace(.uts, path: "/proc/self/ns/uts"), .createNamespaces([.ipc])],
                            child: [.waitForParent, .setHostname("oops"), Self.root, .exec(["/bin/true"])])
        let result = runCaptured(plan)
        #expect(result.error?.step == 4)
        #expect(result.error?.hint == "refusing to change the hostname of the host: the container has no uts namespace of its own")
        #expect(HostSnapshot() == before)
    }

    @Test func refusesToMountWithoutAMountNamespace() {
        let before = HostSnapshot()
        let plan = makePlan(parent: [.createNamespaces([.uts])],
                            child: [.waitForParent, .makeMountsPrivate, Self.root, .exec(["/bin/true"])])
        let result = runCaptured(plan)
        #expect(result.error?.step == 3)
        #expect(result.error?.hint == "refusing to change the mount table of the host: the container has no mount namespace of its own")
        #expect(HostSnapshot() == before)
    }

    @Test func timeNamespaceOffsetsShowInUptime() {
        let plan = makePlan(parent: [.createNamespaces([])],
                            child: [.waitForParent, .writeTimeOffsets(.init(boottime: .init(secs: 86400 * 365))), Self.root,
                                    .exec(["/bin/cat", "/proc/uptime"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        let uptime = Double(result.stdout.split(separator: " ").first ?? "") ?? 0
        #expect(uptime > 86400 * 365)
    }

    @Test func timeNamespaceWithoutOffsetsIsNew() {
        let plan = makePlan(parent: [.createNamespaces([.time])], child: [.waitForParent, Self.root, .exec(["/bin/readlink", "/proc/self/ns/time"])])
        let result = runCaptured(plan)
        #expect(result.error == nil)
        #expect(result.stdout.hasPrefix("time:["))
        #expect(result.stdout != readlinkText("/proc/self/ns/time") + "\n")
    }

    @Test func networkNamespaceHasOnlyLoopback() {
        let plan = makePlan(parent: [.createNamespaces([.network])],
                            child: [.waitForParent, Self.root, .exec(["/bin/sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"])])
        #expect(runCaptured(plan).stdout == "lo\n")
    }

    @Test func joinsANamespaceByPath() {
        // The first container holds a uts namespace open; the second joins it through /proc/PID/ns/uts.
        let holder = makePlan(parent: [.createNamespaces([.uts])],
                              child: [.waitForParent, .setHostname("shared-uts"), Self.root, .exec(["/bin/sleep", "30"])])
        let background = BackgroundRun(holder)
        defer { background.stop() }
        guard let pid = background.started.wait() else {
            Issue.record("the first container did not start")
            return
        }
        let joiner = makePlan(parent: [.joinNamespace(.uts, path: "/proc/\(pid)/ns/uts"), .createNamespaces([.pid])],
                              child: [.waitForParent, Self.root, .exec(["/bin/hostname"])])
        #expect(runCaptured(joiner).stdout == "shared-uts\n")
    }

    @Test func joiningAPathThatIsNotANamespaceFailsAtItsStep() {
        let plan = makePlan(parent: [.joinNamespace(.uts, path: "/etc/hostname"), .createNamespaces([])],
                            child: [.waitForParent, Self.root, .exec(["/bin/true"])])
        let result = runCaptured(plan)
        #expect(result.error?.step == 1)
        #expect(result.error?.syscall == "setns")
        #expect(result.error?.errno == EINVAL)
    }
}

func readlinkText(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let n = readlink(path, &buffer, buffer.count)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
}
