import TestSupport
@testable import ContainerStore
@testable import Exec
@testable import LinuxSystem
import Glibc
import Testing

/// exec's pure parts: --user, --env, the uid map, exit statuses (the joining itself is in the integration tests).
@Suite struct StateEnterTests {
    @Test func userDefaultsToTheContainersAndAUIDAloneKeepsItsGID() throws {
        let request = ExecRequest(arguments: ["id"])
        #expect(try request.identity(containerUID: 100, containerGID: 101, containerGroups: [5]) == (100, 101, [5]))
        let uidOnly = ExecRequest(arguments: ["id"], user: "7")
        #expect(try uidOnly.identity(containerUID: 100, containerGID: 101, containerGroups: [5]) == (7, 101, []))
        let both = ExecRequest(arguments: ["id"], user: "7:8")
        #expect(try both.identity(containerUID: 100, containerGID: 101, containerGroups: [5]) == (7, 8, []))
    }

    @Test func environmentOverridesAndDefaults() {
        setenv("MYDOCKER_TEST_FROM_HOST", "here", 1)
        defer { unsetenv("MYDOCKER_TEST_FROM_HOST") }
        let request = ExecRequest(arguments: ["env"], env: ["A=2", "NEW=x", "MYDOCKER_TEST_FROM_HOST", "MYDOCKER_TEST_UNSET"], tty: true)
        #expect(request.environment(container: ["A=1", "B=1"]) == [
            "A=2", "B=1", "NEW=x", "MYDOCKER_TEST_FROM_HOST=here",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
        ])
        let plain = ExecRequest(arguments: ["env"])
        #expect(plain.environment(container: ["PATH=/bin", "TERM=dumb"]) == ["PATH=/bin", "TERM=dumb"])
    }

    @Test func hostIDsThroughAUidMap() {
        let map = "         0     100000      65536\n     70000        500          1\n"
        #expect(IDMap.hostID(of: 0, mapText: map) == 100_000)
        #expect(IDMap.hostID(of: 1000, mapText: map) == 101_000)
        #expect(IDMap.hostID(of: 65535, mapText: map) == 165_535)
        #expect(IDMap.hostID(of: 65536, mapText: map) == nil)
        #expect(IDMap.hostID(of: 70000, mapText: map) == 500)
        #expect(IDMap.hostID(of: 1234, mapText: "         0          0 4294967295\n") == 1234)
        #expect(IDMap.hostID(of: getuid(), map: "/proc/self/uid_map") == getuid())
    }

    @Test func exitStatuses() {
        #expect(ProcessExit(waitStatus: 0).shellStatus == 0)
        #expect(ProcessExit(waitStatus: 7 << 8).shellStatus == 7)
        #expect(ProcessExit(waitStatus: SIGKILL).shellStatus == 137)
        #expect(ProcessExit(waitStatus: SIGTERM | 0x80).shellStatus == 143)  // with a core dump flag
        #expect(EnterError.commandNotFound("x").exitStatus == 127)
        #expect(EnterError.cannotExecute("x", errno: EACCES).exitStatus == 126)
        #expect(EnterError.container(.notRunning("box")).exitStatus == 1)
    }
}
