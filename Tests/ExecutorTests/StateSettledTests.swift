@testable import ContainerStore
@testable import Containers
@testable import Exec
@testable import HostCheck
@testable import LinuxSystem
@testable import Mounts
@testable import Runtime
import Glibc
import Spec
import Testing

/// `ps` reads states settled: a container recorded as running whose process is gone waits for its live monitor,
/// which is about to record how it ended. Here the "monitor" is a shell that rewrites the state file, then exits.
@Suite struct StateSettledTests {
    /// A state recorded as running, with the given process and monitor.
    func running(process: ProcessIdentity, monitor: ProcessIdentity?) -> ContainerState {
        ContainerState(
            name: "box", status: .running, process: process, monitor: monitor, created: 1, started: 2,
            specPath: "/srv/spec.yaml", logPath: nil, user: ContainerSpec.User(uid: 0, gid: 0), cwd: "/", env: []
        )
    }

    /// A process that is gone: a child that exited and was reaped.
    func goneProcess() throws -> ProcessIdentity {
        let child = try #require(Spawned(["/bin/true"]))
        let identity = try #require(ProcessIdentity.current(pid: child.pid))
        child.reap()
        return identity
    }

    @Test func aLiveMonitorIsWaitedForAndItsRecordRead() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        mkdir(dir.path + "/box", 0o700)
        var ended = running(process: try goneProcess(), monitor: nil)
        ended.status = .exited
        ended.signal = 9
        dir.write("box/ended", ended.text)
        // The monitor records the end a moment later (rename over the state, as the real one does), then exits.
        let monitor = try #require(Spawned(["/bin/sh", "-c", "sleep 0.2; mv '\(dir.path)/box/ended' '\(dir.path)/box/state'"]))
        defer { monitor.reap() }
        let identity = try #require(ProcessIdentity.current(pid: monitor.pid))
        dir.write("box/state", running(process: ended.process ?? identity, monitor: identity).text)

        #expect(ObservedStatus(try store.load("box")) == .lost)
        let settled = try store.loadSettled("box")
        #expect(ObservedStatus(settled) == .killed(signal: 9))
        #expect(try store.list().map { try $0.state.get().status } == [.exited])
    }

    @Test func aMonitorThatTakesTooLongLeavesTheStateAsItIs() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        mkdir(dir.path + "/box", 0o700)
        let monitor = try #require(Spawned(["/bin/sleep", "30"]))
        defer { monitor.kill() }
        let identity = try #require(ProcessIdentity.current(pid: monitor.pid))
        dir.write("box/state", running(process: try goneProcess(), monitor: identity).text)
        #expect(ObservedStatus(try store.loadSettled("box", patience: 50)) == .lost)
    }

    @Test func nothingIsWaitedForWithoutALiveMonitorOrWithALiveProcess() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        mkdir(dir.path + "/box", 0o700)
        dir.write("box/state", running(process: try goneProcess(), monitor: try goneProcess()).text)
        #expect(ObservedStatus(try store.loadSettled("box", patience: 60_000)) == .lost)

        let live = try #require(Spawned(["/bin/sleep", "30"]))
        defer { live.kill() }
        let liveIdentity = try #require(ProcessIdentity.current(pid: live.pid))
        dir.write("box/state", running(process: liveIdentity, monitor: liveIdentity).text)
        #expect(ObservedStatus(try store.loadSettled("box", patience: 60_000)) == .running)
    }
}

/// A child process started with posix_spawn (stdio inherited), reaped by `reap()` or killed by `kill()`.
struct Spawned {
    let pid: pid_t

    init?(_ arguments: [String]) {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, environ) == 0 else { return nil }
        self.pid = pid
    }

    func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        reap()
    }
}
