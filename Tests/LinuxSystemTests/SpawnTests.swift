import CShim
import Glibc
import Testing
@testable import LinuxSystem

/// A ``SpawnRequest`` with the defaults these tests share: PATH=/usr/bin:/bin, args[0] as the one candidate.
private struct TestSpawn {
    var args: [String]
    /// The exec candidates (defaults to args[0]).
    var candidates: [String]? = nil
    var fds: [Int32] = [0, 1, 2]
    var joins: [Int32] = []
    var joinTypes: [Int32] = []
    var groups: [UInt32] = []
    var cwd: String? = nil
    var configure: (inout SpawnRequest) -> Void = { _ in }

    func start() throws(SpawnFailure) -> Int32 {
        var request = SpawnRequest(arguments: args, environment: ["PATH=/usr/bin:/bin"])
        request.candidates = candidates ?? [args[0]]
        request.descriptors = fds
        request.joinDescriptors = joins
        request.joinFlags = joinTypes
        request.groups = groups
        request.cwd = cwd
        configure(&request)
        return try request.start()
    }
}

private func waitFor(_ pid: Int32) -> ProcessExit {
    var status: Int32 = 0
    _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
    return ProcessExit(waitStatus: status)
}

/// The failure md_spawn reports for `spawn`, nil when the process started (it is then waited for).
private func failure(of spawn: TestSpawn) -> SpawnFailure? {
    do throws(SpawnFailure) {
        _ = waitFor(try spawn.start())
        return nil
    } catch {
        return error
    }
}

@Suite struct SpawnFailureTests {
    @Test func execOfAMissingFileIsReportedAsExecve() {
        let failed = failure(of: TestSpawn(args: ["/no/such/program"]))
        #expect(failed == SpawnFailure(stage: MD_SPAWN_STAGE_EXEC, index: 0, errno: ENOENT))
        #expect(failed?.description == "execve: No such file or directory")
    }

    @Test func candidatesFollowExecvpsRules() throws {
        // A directory gives EACCES: the search goes on, and EACCES is what is reported when nothing runs.
        let denied = failure(of: TestSpawn(args: ["x"], candidates: ["/no/such/x", "/tmp", "/no/such/y"]))
        #expect(denied == SpawnFailure(stage: MD_SPAWN_STAGE_EXEC, index: 1, errno: EACCES))
        let pid = try TestSpawn(args: ["true"], candidates: ["/no/such/true", "/tmp", "/bin/true"]).start()
        #expect(waitFor(pid) == .exited(0))
        // Nothing at all to try is "not found".
        #expect(failure(of: TestSpawn(args: ["x"], candidates: []))?.errno == ENOENT)
    }

    @Test func joiningAFileThatIsNotANamespaceIsReportedAsSetnsWithItsIndex() throws {
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        let failed = failure(of: TestSpawn(args: ["/bin/true"], joins: [null.rawValue], joinTypes: [Int32(MD_CLONE_NEWUTS)]))
        #expect(failed == SpawnFailure(stage: MD_SPAWN_STAGE_SETNS, index: 0, errno: EINVAL))
        #expect(failed?.call == "setns")
    }

    @Test(.enabled(if: getuid() == 0, "joins a namespace: needs CAP_SYS_ADMIN"))
    func theSecondJoinFailingNamesTheSecond() throws {
        let own = try FileDescriptor.open("/proc/self/ns/uts", O_RDONLY)
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        let failed = failure(of: TestSpawn(args: ["/bin/true"], joins: [own.rawValue, null.rawValue], joinTypes: [0, 0]))
        #expect(failed == SpawnFailure(stage: MD_SPAWN_STAGE_SETNS, index: 1, errno: EINVAL))
    }

    @Test func aMissingWorkingDirectoryIsReportedAsChdir() {
        var spawn = TestSpawn(args: ["/bin/true"], cwd: "/no/such/directory")
        #expect(failure(of: spawn) == SpawnFailure(stage: MD_SPAWN_STAGE_CHDIR, index: 0, errno: ENOENT))
        // Tried again after the identity change, and still missing.
        spawn.configure = { $0.setIdentity = true; $0.uid = getuid(); $0.gid = getgid() }
        spawn.groups = [getgid()]
        #expect(failure(of: spawn) == SpawnFailure(stage: MD_SPAWN_STAGE_CHDIR, index: 0, errno: ENOENT))
        #expect(failure(of: spawn)?.call == "chdir")
    }

    @Test func aRootThatIsNotADirectoryIsReportedAsFchdir() throws {
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        let root = null.rawValue
        let failed = failure(of: TestSpawn(args: ["/bin/true"], configure: { $0.root = root }))
        #expect(failed == SpawnFailure(stage: MD_SPAWN_STAGE_FCHDIR, index: 0, errno: ENOTDIR))
        #expect(failed?.call == "fchdir")
    }

    @Test func everyStageHasACallNameAndALostProcessItsWaitStatus() {
        for stage in UInt32(MD_SPAWN_STAGE_PIPE.rawValue)...UInt32(MD_SPAWN_STAGE_EXEC.rawValue) {
            #expect(!SpawnFailure(stage: md_spawn_stage(rawValue: stage), errno: EPERM).call.isEmpty, "stage \(stage)")
        }
        let lost = SpawnFailure(stage: MD_SPAWN_STAGE_LOST, errno: 9)
        #expect(lost.description == "the intermediate process ended without a report (wait status 9)")
    }
}

@Suite struct SpawnProcessTests {
    @Test func theDescriptorTableIsLaidOutAndTheRestClosed() throws {
        var output = try Pipe()
        var third = try Pipe()
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        // Inherited without close-on-exec: the table must close it anyway.
        let stray = dup(null.rawValue)
        defer { close(stray) }
        let script = "echo out; echo err >&2; echo three >&3; (echo x >&\(stray)) 2>/dev/null || echo stray-closed"
        let pid = try TestSpawn(
            args: ["/bin/sh", "-c", script],
            fds: [null.rawValue, output.write.rawValue, output.write.rawValue, third.write.rawValue],
            configure: { $0.resetSignalHandlers = true }
        ).start()
        #expect(waitFor(pid) == .exited(0))
        output.write = try FileDescriptor.open("/dev/null", O_WRONLY)  // closes our write end
        third.write = try FileDescriptor.open("/dev/null", O_WRONLY)
        #expect(String(decoding: try output.read.readAll(), as: UTF8.self) == "out\nerr\nstray-closed\n")
        #expect(String(decoding: try third.read.readAll(), as: UTF8.self) == "three\n")
    }

    /// The default table is our stdio: a descriptor we hold without close-on-exec (a shell's `exec 8</`) does not
    /// cross, whether or not the process is started through the intermediate process (joins, detach).
    @Test(arguments: [false, true])
    func byDefaultOnlyStdioCrosses(throughIntermediate: Bool) throws {
        var output = try Pipe()
        let root = open("/", O_RDONLY | O_DIRECTORY)  // no O_CLOEXEC, as a shell's redirection
        defer { close(root) }
        let own = try FileDescriptor.open("/proc/self/ns/uts", O_RDONLY)
        let ownFD = own.rawValue
        let pid = try TestSpawn(
            args: ["/bin/sh", "-c", "ls /proc/self/fd | tr '\\n' ' '"],
            fds: [0, output.write.rawValue, 2],
            configure: { if throughIntermediate { $0.joinDescriptors = [ownFD]; $0.joinFlags = [0] } }
        ).start()
        #expect(waitFor(pid) == .exited(0))
        output.write = try FileDescriptor.open("/dev/null", O_WRONLY)
        // ls's own directory descriptor is 3.
        #expect(String(decoding: try output.read.readAll(), as: UTF8.self) == "0 1 2 3 ")
    }

    /// An entry naming its own number keeps that descriptor where it is (a preserved descriptor), even one that is
    /// close-on-exec here; an entry for a descriptor that is not open leaves it closed.
    @Test func anEntryOfItsOwnNumberIsKept() throws {
        var output = try Pipe()
        let kept = try FileDescriptor.open("/dev/null", O_RDONLY)  // close-on-exec
        let keptFD = kept.rawValue
        let unused = keptFD + 1 < 200 ? Int32(200) : keptFD + 1
        close(unused)
        var table = [Int32](repeating: -1, count: Int(unused) + 1)
        table[0] = 0
        table[1] = output.write.rawValue
        table[2] = 2
        table[Int(keptFD)] = keptFD
        table[Int(unused)] = unused
        let pid = try TestSpawn(args: ["/bin/sh", "-c", "ls /proc/self/fd | tr '\\n' ' '"], fds: table).start()
        #expect(waitFor(pid) == .exited(0))
        output.write = try FileDescriptor.open("/dev/null", O_WRONLY)
        let listed = String(decoding: try output.read.readAll(), as: UTF8.self).split(separator: " ").compactMap { Int32($0) }
        // ls's own directory descriptor takes the lowest free number, 3 (the test runner's kept one is above it).
        #expect(keptFD > 3)
        #expect(Set(listed) == [0, 1, 2, 3, keptFD], "\(listed)")
    }

    @Test func aDetachedProcessIsNotOurChildAndRunsInItsOwnSession() throws {
        var output = try Pipe()
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        let pid = try TestSpawn(
            args: ["/bin/sh", "-c", "read -r pid comm state ppid pgrp session rest </proc/$$/stat; echo $session"],
            fds: [null.rawValue, output.write.rawValue, output.write.rawValue],
            configure: { $0.detach = true }
        ).start()
        #expect(pid > 0)
        var status: Int32 = 0
        #expect(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD)
        output.write = try FileDescriptor.open("/dev/null", O_WRONLY)
        let session = String(decoding: try output.read.readAll(), as: UTF8.self)
        #expect(!session.isEmpty && session != "\(getsid(0))\n", "the daemon's session: \(session)")
    }
}

@Suite(.serialized) struct SupervisorTests {
    @Test func aSignalSentToUsReachesTheProcess() throws {
        let null = try FileDescriptor.open("/dev/null", O_RDWR)
        let supervisor = try Supervisor(stdin: null.rawValue, stdout: null.rawValue)
        defer { supervisor.restore() }
        let pid = try TestSpawn(args: ["/bin/sleep", "30"], configure: { $0.resetSignalHandlers = true }).start()
        let pidfd = try Pidfd.open(child: pid)
        // Thread-directed: blocked in this thread, it waits on the supervisor's signalfd.
        #expect(pthread_kill(pthread_self(), SIGTERM) == 0)
        #expect(supervisor.waitForExit(of: pid, pidfd: pidfd.descriptor.rawValue) == .signaled(SIGTERM))
    }

    @Test func theTerminalIsRelayedAndDrainedAfterTheExit() throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        #expect(md_open_pty(&master, &slave) == 0)
        defer { close(master) }
        var output = try Pipe()
        let null = try FileDescriptor.open("/dev/null", O_RDONLY)
        let supervisor = try Supervisor(stdin: null.rawValue, stdout: output.write.rawValue)
        defer { supervisor.restore() }
        supervisor.relay(terminal: master)
        let spawned: Int32
        do {
            defer { close(slave) }
            spawned = try TestSpawn(
                args: ["/bin/sh", "-c", "echo hello; tty"], fds: [slave, slave, slave],
                configure: { $0.session = .terminal; $0.resetSignalHandlers = true }
            ).start()
        }
        let pidfd = try Pidfd.open(child: spawned)
        #expect(supervisor.waitForExit(of: spawned, pidfd: pidfd.descriptor.rawValue) == .exited(0))
        output.write = try FileDescriptor.open("/dev/null", O_WRONLY)
        let text = String(decoding: try output.read.readAll(), as: UTF8.self)
        #expect(text.hasPrefix("hello\r\n/dev/pts/"), "relayed: \(text)")
    }
}
