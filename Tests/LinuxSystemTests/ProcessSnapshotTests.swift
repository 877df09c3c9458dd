import TestSupport
@testable import LinuxSystem
import Glibc
import Testing

/// /proc read as `top` needs it, a host program's output captured, and links read.
@Suite struct ProcessSnapshotTests {
    let status = "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nPid:\t4242\nPPid:\t1\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t5\t5\t5\n"

    @Test func readsTheFieldsOfPsF() throws {
        let stat = "4242 (my (odd) cmd) S 77 4242 4242 34817 -1 4194560 100 0 0 0 150 25 0 0 20 0 1 0 987654 1000 50\n"
        let snapshot = try #require(ProcessSnapshot.parse(pid: 4242, stat: stat, status: status, cmdline: Array("sleep\u{0}600\u{0}".utf8)))
        #expect(snapshot == ProcessSnapshot(pid: 4242, ppid: 77, uid: 1001, terminal: 34817, cpuTicks: 175, startTicks: 987_654,
                                            arguments: ["sleep", "600"], name: "my (odd) cmd"))
    }

    @Test func aKernelThreadHasNoArguments() throws {
        let stat = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n"
        #expect(try #require(ProcessSnapshot.parse(pid: 2, stat: stat, status: status, cmdline: [])).arguments == [])
    }

    @Test(arguments: ["", "4242 (cmd) S 1 2 3", "4242 cmd) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21"])
    func refusesMalformedStat(stat: String) {
        #expect(ProcessSnapshot.parse(pid: 1, stat: stat, status: status, cmdline: []) == nil)
    }

    @Test func refusesAStatusWithoutUids() {
        let stat = "2 (x) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n"
        #expect(ProcessSnapshot.parse(pid: 2, stat: stat, status: "Name:\tx\n", cmdline: []) == nil)
    }

    @Test func ourOwnProcessAsTheKernelSeesIt() throws {
        let me = try #require(ProcessSnapshot.read(pid: getpid()))
        #expect(me.pid == getpid())
        #expect(me.ppid == getppid())
        #expect(me.uid == geteuid())
        #expect(me.startTicks == ProcessIdentity.current(pid: getpid())?.startTime)
        #expect(me.arguments.first == CommandLine.arguments.first)
        #expect(ProcessSnapshot.read(pid: Int32.max) == nil)
    }

    @Test func theClockOfProc() throws {
        #expect(ProcClock.ticksPerSecond == UInt64(sysconf(Int32(_SC_CLK_TCK))))
        let boot = try #require(ProcClock.bootTime())
        let uptime = try #require(ProcClock.uptime())
        #expect(boot > 0 && uptime > 0)
        // Boot time plus uptime is now, give or take the rounding of btime.
        #expect(abs(boot + Int64(uptime) - Int64(time(nil))) <= 2)
    }

    @Test func linksAreRead() {
        #expect(Sys.readLink("/proc/self/ns/uts")?.hasPrefix("uts:[") == true)
        #expect(Sys.readLink("/proc/self/no-such-link") == nil)
    }

    @Test func aProgramsOutputIsCaptured() throws {
        let environment = ["PATH=/usr/bin:/bin"]
        let run = try CapturedRun.run(["sh", "-c", "echo out; echo err >&2; exit 3"], environment: environment, quiet: true)
        #expect(run.exit == .exited(3))
        #expect(run.output == Array("out\n".utf8))
        #expect(throws: SystemError.self) { _ = try CapturedRun.run(["no-such-program-here"], environment: environment) }
        do {
            _ = try CapturedRun.run(["no-such-program-here"], environment: environment)
        } catch {
            #expect(error.call == "execve no-such-program-here")
            #expect(error.errno == ENOENT)
        }
    }

    @Test func aProgramWithInputIsFoundInPathAndOneStartedIsReapedLater() throws {
        let environment = ["PATH=/usr/bin:/bin"]
        let run = try CapturedRun.run(["sh", "-c", "read line; echo \"got $line\"; exit 4"], environment: environment, input: Array("in\n".utf8))
        #expect(run.exit == .exited(4))
        #expect(run.output == Array("got in\n".utf8))
        let started = try CapturedRun.start(["sh", "-c", "exit 5"], environment: environment)
        #expect(try started.finish() == .exited(5))
        #expect(throws: SystemError.self) { _ = try started.finish() }
        #expect(throws: SystemError.self) { _ = try CapturedRun.start(["no-such-program-here"], environment: environment) }
    }
}
