import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Glibc
import Spec
import Testing

@Suite struct RestartPolicyTests {
    @Test(arguments: [
        ("no", RestartPolicy(.no)),
        ("always", RestartPolicy(.always)),
        ("unless-stopped", RestartPolicy(.unlessStopped)),
        ("on-failure", RestartPolicy(.onFailure)),
        ("on-failure:5", RestartPolicy(.onFailure, maximumRetries: 5)),
        ("on-failure:0", RestartPolicy(.onFailure)),
    ])
    func readsDockersPolicies(text: String, policy: RestartPolicy) throws {
        #expect(try RestartPolicy(parsing: text) == policy)
        #expect(try RestartPolicy(parsing: policy.text) == policy)
    }

    @Test(arguments: [
        ("sometimes", "invalid restart policy \"sometimes\": use no, on-failure[:N], always or unless-stopped"),
        ("always:3", "invalid restart policy \"always:3\": only on-failure takes a maximum retry count"),
        ("on-failure:-1", "invalid restart policy \"on-failure:-1\": the maximum retry count is a number, 0 or more"),
        ("on-failure:x", "invalid restart policy \"on-failure:x\": the maximum retry count is a number, 0 or more"),
        ("", "invalid restart policy \"\": use no, on-failure[:N], always or unless-stopped"),
    ])
    func refusesOthers(text: String, message: String) {
        #expect(throws: RestartPolicy.Invalid(description: message)) { try RestartPolicy(parsing: text) }
    }

    /// docker's restart manager: which endings restart under which policy, and what the user's kill changes.
    @Test func decisions() {
        let failure = ProcessExit.exited(1), success = ProcessExit.exited(0), killed = ProcessExit.signaled(SIGKILL)
        #expect(!RestartState(policy: .no).shouldRestart(after: failure))
        #expect(RestartState(policy: RestartPolicy(.always)).shouldRestart(after: success))
        #expect(RestartState(policy: RestartPolicy(.unlessStopped)).shouldRestart(after: success))
        #expect(!RestartState(policy: RestartPolicy(.onFailure)).shouldRestart(after: success))
        #expect(RestartState(policy: RestartPolicy(.onFailure)).shouldRestart(after: killed))
        #expect(RestartState(policy: RestartPolicy(.onFailure, maximumRetries: 2), count: 1).shouldRestart(after: failure))
        #expect(!RestartState(policy: RestartPolicy(.onFailure, maximumRetries: 2), count: 2).shouldRestart(after: failure))
        // A kill with another signal than the stop signal: unless-stopped stops, the others go on.
        #expect(RestartState(policy: RestartPolicy(.always), stoppedByUser: true).shouldRestart(after: killed))
        #expect(!RestartState(policy: RestartPolicy(.unlessStopped), stoppedByUser: true).shouldRestart(after: killed))
        #expect(RestartState(policy: RestartPolicy(.onFailure), stoppedByUser: true).shouldRestart(after: killed))
        // kill (SIGTERM), kill KILL, rm --force: nothing restarts.
        for mode in RestartPolicy.Mode.allCases {
            #expect(!RestartState(policy: RestartPolicy(mode), cancelled: true, stoppedByUser: true).shouldRestart(after: failure))
        }
    }
}

@Suite struct RestartStateTextTests {
    @Test func roundTripsAndIsWrittenOnlyWhenItSaysSomething() throws {
        var state = ContainerState(name: "box", status: .restarting, created: 1, specPath: "/s.yaml")
        #expect(!state.text.split(separator: "\n").contains { $0.hasPrefix("restart") })
        state.restart = RestartState(policy: RestartPolicy(.onFailure, maximumRetries: 3), count: 2, cancelled: true, stoppedByUser: true)
        let lines = state.text.split(separator: "\n").filter { $0.hasPrefix("restart") }
        #expect(lines == ["restart=on-failure:3", "restart.count=2", "restart.cancelled=1", "restart.stopped-by-user=1"])
        #expect(try ContainerState(parsing: state.text) == state)
    }

    @Test func anUnreadablePolicyNamesItsLine() {
        let text = "status=exited\nname=box\ncreated=1\nspec=/s.yaml\nrestart=sometimes\n"
        #expect(throws: ContainerState.ParseError.self) { try ContainerState(parsing: text) }
        let count = "status=exited\nname=box\ncreated=1\nspec=/s.yaml\nrestart.count=-2\n"
        #expect(throws: ContainerState.ParseError(line: 5, message: "\"restart.count\" is not a number: \"-2\"")) {
            try ContainerState(parsing: count)
        }
    }
}

@Suite struct RestartingStatusTests {
    let monitor = ProcessIdentity(pid: 10, startTime: 100)
    let alive: (ProcessIdentity) -> Bool = { $0 == ProcessIdentity(pid: 10, startTime: 100) }

    @Test func restartingWhileItsMonitorLivesThenHowTheLastRunEnded() {
        var state = ContainerState(name: "box", status: .restarting, monitor: monitor, exitCode: 3, created: 0, specPath: "/s.yaml")
        let status = ObservedStatus(state, isAlive: alive)
        #expect(status == .restarting(.exited(3)))
        #expect(status.text == "restarting (exited 3)")
        #expect(status.keyword == "restarting")
        #expect(status.isLive && !status.hasProcess)
        state.exitCode = nil
        state.signal = SIGKILL
        #expect(ObservedStatus(state, isAlive: alive).text == "restarting (killed by SIGKILL)")
        state.monitor = ProcessIdentity(pid: 10, startTime: 99)
        #expect(ObservedStatus(state, isAlive: alive) == .killed(signal: SIGKILL))
    }
}

/// The record's steps around a restart, on a real state directory.
@Suite struct RestartRecordTests {
    func store(_ policy: RestartPolicy) throws -> (StateStore, ContainerRecord, StateTemporaryDirectory) {
        let dir = StateTemporaryDirectory()
        let store = StateStore(root: dir.path)
        var claim = StateStore.Claim(name: "box", specPath: "/s.yaml", specBytes: [], detached: true)
        claim.restartPolicy = policy
        return (store, try store.claim(claim), dir)
    }

    @Test func aRunEndsRestartsAndTheNextRunForgetsTheLastEnd() throws {
        let (_, record, dir) = try store(RestartPolicy(.onFailure, maximumRetries: 1))
        defer { dir.remove() }
        #expect(try record.markRunEnded(.exited(2)))
        var state = try record.read()
        #expect(state.status == .restarting && state.exitCode == 2 && state.restart.count == 1)
        #expect(try record.beginRestart())
        #expect(try record.markRunning(pid: getpid()) == false)
        state = try record.read()
        #expect(state.status == .running && state.exitCode == nil && state.finished == nil)
        #expect(try !record.markRunEnded(.exited(2)), "on-failure:1 restarts once")
        #expect(try record.read().status == .exited)
    }

    @Test func theUsersStopEndsTheRestarts() throws {
        let (store, record, dir) = try store(RestartPolicy(.always))
        defer { dir.remove() }
        #expect(try record.markRunEnded(.exited(0)))
        try store.recordUserStop(of: "box", signal: SIGHUP)
        #expect(try record.read().restart == RestartState(policy: RestartPolicy(.always), count: 1, stoppedByUser: true))
        try store.recordUserStop(of: "box", signal: SIGTERM)
        #expect(try record.read().restart.cancelled)
        #expect(try !record.beginRestart())
        #expect(try record.read().status == .exited)
    }

    @Test func aStopDuringTheRestartsSetUpEndsTheNextRun() throws {
        let (store, record, dir) = try store(RestartPolicy(.always))
        defer { dir.remove() }
        #expect(try record.markRunEnded(.signaled(SIGKILL)))
        #expect(try record.beginRestart())
        try store.recordUserStop(of: "box", signal: SIGKILL)
        #expect(try record.markRunning(pid: getpid()), "the monitor ends the run it just started")
    }

    @Test func withoutAPolicyNothingIsRecorded() throws {
        let (store, record, dir) = try store(.no)
        defer { dir.remove() }
        let before = try record.read()
        try store.recordUserStop(of: "box", signal: SIGTERM)
        #expect(try record.read() == before)
    }
}

@Suite struct RestartBackoffTests {
    @Test func doublesFromAHundredMillisecondsToAMinuteAndStartsAgainAfterTenSeconds() {
        var backoff = RestartBackoff()
        let delays = (0..<12).map { _ in backoff.next(afterRunOf: 50) }
        #expect(delays == [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000])
        #expect(backoff.next(afterRunOf: 9_999) == 60_000)
        #expect(backoff.next(afterRunOf: 10_000) == 100)
        #expect(backoff.next(afterRunOf: 0) == 200)
    }
}
