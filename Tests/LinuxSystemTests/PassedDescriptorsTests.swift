import Glibc
import Testing
@testable import LinuxSystem

@Suite struct PassedDescriptorsTests {
    @Test func socketActivationCountsOnlyForThisProcess() {
        #expect(PassedDescriptors.socketActivationCount(environment: ["LISTEN_FDS=3", "LISTEN_PID=42"], pid: 42) == 3)
        #expect(PassedDescriptors.socketActivationCount(environment: ["LISTEN_FDS=3", "LISTEN_PID=41"], pid: 42) == 0)
        #expect(PassedDescriptors.socketActivationCount(environment: ["LISTEN_FDS=3"], pid: 42) == 0)
        #expect(PassedDescriptors.socketActivationCount(environment: ["LISTEN_FDS=x", "LISTEN_PID=42"], pid: 42) == 0)
        #expect(PassedDescriptors.socketActivationCount(environment: ["LISTEN_FDS=0", "LISTEN_PID=42"], pid: 42) == 0)
    }

    @Test func theContainersEnvironmentSaysHowManyAndForWhom() {
        let spec = ["PATH=/bin", "LISTEN_PID=7", "LISTEN_FDSX=1"]
        #expect(PassedDescriptors.environment(spec, listenCount: 0, pid: 2) == spec)
        #expect(PassedDescriptors.environment(spec, listenCount: 2, pid: 2) == ["PATH=/bin", "LISTEN_FDSX=1", "LISTEN_FDS=2", "LISTEN_PID=2"])
    }

    @Test func listenDescriptorsComeFirstThenThePreservedOnes() throws {
        // Ours at 3 … 5 for the test: whatever is open there is borrowed, and what is not is opened.
        var opened: [Int32] = []
        defer { opened.forEach { close($0) } }
        for fd: Int32 in 3...5 where fcntl(fd, F_GETFD) < 0 {
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            #expect(dup2(null, fd) == fd)
            close(null)
            opened.append(fd)
        }
        let passed = try PassedDescriptors.fromCaller(preserve: 1, listen: true, environment: ["LISTEN_FDS=2", "LISTEN_PID=9"], pid: 9)
        #expect(passed == PassedDescriptors(descriptors: [3, 4, 5], listenCount: 2))
        let execs = try PassedDescriptors.fromCaller(preserve: 1, listen: false, environment: ["LISTEN_FDS=2", "LISTEN_PID=9"], pid: 9)
        #expect(execs == PassedDescriptors(descriptors: [3], listenCount: 0))
    }

    @Test func aClosedOneIsRefusedNamingItAndItsSource() {
        // The limit is 200: one more is refused before any is looked at.
        let tooMany = #expect(throws: SystemError.self) { try PassedDescriptors.fromCaller(preserve: 201, listen: false) }
        #expect(tooMany?.errno == E2BIG)
        let closed = #expect(throws: SystemError.self) {
            try PassedDescriptors.fromCaller(preserve: 0, listen: true, environment: ["LISTEN_FDS=200", "LISTEN_PID=9"], pid: 9)
        }
        #expect(closed?.hint?.hasPrefix("LISTEN_FDS=200 passes descriptors 3 to 202") == true, "\(String(describing: closed))")
    }
}

@Suite struct UserNamespaceRootTests {
    @Test func mapsReadTheKernelsFormat() {
        let text = "         0     100000      65536\n     70000      70000          1\n"
        #expect(UserNamespaceRoot.covers(0, mapText: text))
        #expect(UserNamespaceRoot.covers(65535, mapText: text))
        #expect(!UserNamespaceRoot.covers(65536, mapText: text))
        #expect(UserNamespaceRoot.covers(70000, mapText: text))
        #expect(!UserNamespaceRoot.covers(0, mapText: "      1000     101000       1000\n"))
    }

    @Test func rootAlreadyIsRoot() throws {
        guard geteuid() == 0 else { return }
        #expect(try UserNamespaceRoot.become())
    }
}
