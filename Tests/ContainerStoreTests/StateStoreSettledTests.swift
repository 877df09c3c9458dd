import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Glibc
import Spec
import Synchronization
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
        // The monitor records the end (rename over the state, as the real one does), then exits, once the gate
        // lets it go: when this thread holds a pidfd for it, that is when loadSettled waits for it. No timing.
        let gate = Gate(dir.path + "/box/go")
        let monitor = try #require(Spawned(["/bin/sh", "-c", "read go < '\(gate.path)'; mv '\(dir.path)/box/ended' '\(dir.path)/box/state'"]))
        defer { monitor.reap() }
        defer { if !gate.open() { _ = kill(monitor.pid, SIGKILL) } }  // first: whatever failed, the monitor ends
        let identity = try #require(ProcessIdentity.current(pid: monitor.pid))
        dir.write("box/state", running(process: ended.process ?? identity, monitor: identity).text)

        #expect(ObservedStatus(try store.load("box")) == .lost)
        let watch = PidfdWatch(pid: monitor.pid) { gate.open() }
        defer { watch.finish() }
        let settled = try store.loadSettled("box", patience: 60_000)
        #expect(watch.finish(), "loadSettled returned without waiting on a pidfd for the monitor")
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

/// A fifo that a shell blocks on (`read go < FIFO`) until ``open()`` writes it a line.
final class Gate: Sendable {
    let path: String
    private let opened = Atomic<Bool>(false)

    init(_ path: String) {
        self.path = path
        mkfifo(path, 0o600)
    }

    /// Lets the reader go, once (later calls return true at once); false when no reader opened the fifo within 10 s.
    @discardableResult
    func open() -> Bool {
        guard !opened.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        for _ in 0..<1000 {
            let fd = Glibc.open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                _ = write(fd, "go\n", 3)
                close(fd)
                return true
            }
            usleep(10_000)  // ENXIO: the reader has not opened it yet
        }
        return false
    }
}

/// Watches, on a thread of its own, until this process holds a pidfd for `pid` (at most 30 s), then runs `then`.
final class PidfdWatch: @unchecked Sendable {  // unchecked: `thread` is written by init and read by finish only
    private var thread = pthread_t()
    private let pid: pid_t
    private let then: @Sendable () -> Void
    private let stopped = Atomic<Bool>(false)
    private let seen = Atomic<Bool>(false)

    init(pid: pid_t, then: @escaping @Sendable () -> Void) {
        self.pid = pid
        self.then = then
        pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<PidfdWatch>.fromOpaque(raw).takeRetainedValue().watch()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
    }

    private func watch() {
        var tries = 0
        while !stopped.load(ordering: .acquiring) && tries < 30_000 {
            if Self.processHoldsPidfd(for: pid) {
                seen.store(true, ordering: .releasing)
                break
            }
            usleep(1_000)
            tries += 1
        }
        then()
    }

    /// Stops watching and waits for the thread (the first time); whether it saw the pidfd.
    @discardableResult
    func finish() -> Bool {
        if !stopped.exchange(true, ordering: .acquiringAndReleasing) { pthread_join(thread, nil) }
        return seen.load(ordering: .acquiring)
    }

    /// One of this process's descriptors is a pidfd for `pid` (its /proc/self/fdinfo has `Pid: PID`).
    static func processHoldsPidfd(for pid: pid_t) -> Bool {
        guard let dir = opendir("/proc/self/fdinfo") else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if Int32(name) != nil && fileText("/proc/self/fdinfo/\(name)").contains("\nPid:\t\(pid)\n") { return true }
        }
        return false
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
