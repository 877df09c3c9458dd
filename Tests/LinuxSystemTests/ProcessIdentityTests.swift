import TestSupport
@testable import LinuxSystem
import Glibc
import Testing

@Suite struct StateProcessTests {
    @Test func parsesStartTimeAfterACommandWithSpacesAndParentheses() {
        let line = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 50 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
        #expect(ProcStat.parse(line) == ProcStat(state: "S", startTime: 987_654))
    }

    @Test(arguments: ["", "4242 (cmd) S 1 2 3", "4242 cmd S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"])
    func refusesShortOrMalformedLines(line: String) {
        #expect(ProcStat.parse(line) == nil)
    }

    @Test func ourOwnProcessIsAlive() throws {
        let me = try #require(ProcessIdentity.current(pid: getpid()))
        #expect(me.startTime > 0)
        #expect(me.isAlive())
    }

    @Test func aRecycledPidIsNotTheSameProcess() throws {
        // Same pid, another start time: what a pid reused by the kernel looks like.
        let me = try #require(ProcessIdentity.current(pid: getpid()))
        let impostor = ProcessIdentity(pid: me.pid, startTime: me.startTime + 1)
        #expect(!impostor.isAlive())
        #expect(try isOpen(impostor.openPidfd()) == false)
    }

    @Test func aPidfdOpensForTheLiveProcessOnly() throws {
        let me = try #require(ProcessIdentity.current(pid: getpid()))
        #expect(try isOpen(me.openPidfd()))
        #expect(ProcessIdentity.current(pid: 0) == nil)
        #expect(!ProcessIdentity(pid: Int32.max, startTime: 1).isAlive())
    }

    @Test func signalNamesAndNumbers() {
        #expect(SignalNames.parse("TERM") == SIGTERM)
        #expect(SignalNames.parse("SIGTERM") == SIGTERM)
        #expect(SignalNames.parse("kill") == SIGKILL)
        #expect(SignalNames.parse("sigusr1") == SIGUSR1)
        #expect(SignalNames.parse("9") == 9)
        #expect(SignalNames.parse("64") == 64)
        #expect(SignalNames.parse("0") == nil)
        #expect(SignalNames.parse("65") == nil)
        #expect(SignalNames.parse("TERMINATE") == nil)
        #expect(SignalNames.name(of: 9) == "SIGKILL")
        #expect(SignalNames.name(of: 40) == "signal 40")
    }
}

/// Whether a pidfd was opened (Pidfd is non-copyable, so `== nil` cannot be asked).
func isOpen(_ pidfd: consuming Pidfd?) -> Bool {
    switch consume pidfd {
    case .some: true
    case .none: false
    }
}
