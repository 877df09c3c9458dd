import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Spec
import Testing

@Suite struct StateStatusTests {
    let live = ProcessIdentity(pid: 10, startTime: 100)
    let alive: (ProcessIdentity) -> Bool = { $0 == ProcessIdentity(pid: 10, startTime: 100) }

    func state(_ status: ContainerState.Status, process: ProcessIdentity? = nil, monitor: ProcessIdentity? = nil,
               code: Int32? = nil, signal: Int32? = nil, error: String? = nil) -> ContainerState {
        ContainerState(name: "box", status: status, process: process, monitor: monitor, exitCode: code, signal: signal,
                       error: error, created: 0, specPath: "/s.yaml")
    }

    @Test func runningWithItsProcessAlive() {
        let status = ObservedStatus(state(.running, process: live), isAlive: alive)
        #expect(status == .running)
        #expect(status.text == "running")
        #expect(status.isLive)
    }

    @Test func runningButThePidNowNamesAnotherProcess() {
        let recycled = ProcessIdentity(pid: 10, startTime: 99)
        let status = ObservedStatus(state(.running, process: recycled), isAlive: alive)
        #expect(status == .lost)
        #expect(status.text == "exited (unknown status)")
        #expect(status.keyword == "exited")
        #expect(!status.isLive)
    }

    @Test func createdByTheOCICommandsWhileItsProcessWaitsOtherwiseStopped() {
        var created = state(.created, process: live)
        created.bundle = "/b"
        #expect(ObservedStatus(created, isAlive: alive) == .created)
        #expect(ObservedStatus(created, isAlive: alive).ociStatus == "created")
        created.process = ProcessIdentity(pid: 10, startTime: 99)
        #expect(ObservedStatus(created, isAlive: alive).ociStatus == "stopped")
        // Not made by create: its process alone does not keep it created.
        #expect(ObservedStatus(state(.created, process: live), isAlive: alive) == .lost)
    }

    @Test func theOCIStatusOfEachObservedStatus() {
        #expect(ObservedStatus(state(.running, process: live), isAlive: alive).ociStatus == "running")
        #expect(ObservedStatus(state(.paused, process: live), isAlive: alive).ociStatus == "paused")
        #expect(ObservedStatus(state(.exited, code: 0), isAlive: alive).ociStatus == "stopped")
        #expect(ObservedStatus(state(.running), isAlive: alive).ociStatus == "stopped")
    }

    @Test func createdWhileItsMonitorLivesOtherwiseLost() {
        #expect(ObservedStatus(state(.created, monitor: live), isAlive: alive) == .created)
        #expect(ObservedStatus(state(.created), isAlive: alive) == .lost)
    }

    @Test func endings() {
        #expect(ObservedStatus(state(.exited, code: 0), isAlive: alive).text == "exited 0")
        #expect(ObservedStatus(state(.exited, code: 3), isAlive: alive).text == "exited 3")
        #expect(ObservedStatus(state(.exited, signal: 9), isAlive: alive).text == "killed by SIGKILL")
        #expect(ObservedStatus(state(.exited, signal: 15), isAlive: alive).text == "killed by SIGTERM")
        let failed = ObservedStatus(state(.exited, error: "step 3 (mount /data): No such file or directory"), isAlive: alive)
        #expect(failed == .failed("step 3 (mount /data): No such file or directory"))
        #expect(failed.text == "failed")
        #expect(ObservedStatus(state(.exited), isAlive: alive) == .lost)
    }

    @Test func dockerStatesAndExitCodes() {
        let cases: [(ObservedStatus, String, Int32?)] = [
            (.created, "created", nil), (.running, "running", nil), (.paused, "paused", nil),
            (.exited(code: 0), "exited", 0), (.exited(code: 3), "exited", 3), (.killed(signal: 15), "exited", 143),
            (.killed(signal: 9), "exited", 137), (.oomKilled(memoryLimit: 1 << 20), "exited", 137),
            (.failed("step 1"), "exited", 125), (.lost, "exited", 255),
        ]
        for (status, word, code) in cases {
            #expect(status.dockerState == word, "\(status)")
            #expect(status.exitStatus == code, "\(status)")
        }
    }

    @Test func jsonIsEscapedAndIndented() {
        let value = JSONValue.object([
            ("name", .string("a\"b\\c\nd\u{1}")), ("pid", .int(12)), ("up", .bool(true)), ("code", .null),
            ("list", .array([.int(1), .string("x")])), ("empty", .array([])), ("none", .object([])),
        ])
        #expect(value.rendered() == """
            {
              "name": "a\\"b\\\\c\\nd\\u0001",
              "pid": 12,
              "up": true,
              "code": null,
              "list": [
                1,
                "x"
              ],
              "empty": [],
              "none": {}
            }
            """)
    }
}
