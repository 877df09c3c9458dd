import Glibc
import Planner
import Testing
import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
@testable import Runtime

/// How a container's process ended reaches the caller as it was: an exit code above 128 is not a signal, and a
/// process killed by a signal under the minimal init is not init's 128 + N exit.
@Suite(.serialized, .enabled(if: isRoot, "creates namespaces: needs root"))
struct ProcessExitRunTests {
    func run(_ script: String, withInit: Bool) throws -> ProcessExit {
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(input) }
        let out = TempFile()
        let child: [ChildAction] = [.waitForParent, ExecutorRunTests.root] + (withInit ? [.startInit] : []) + [.exec(["/bin/sh", "-c", script])]
        let plan = makePlan(parent: [.createNamespaces(withInit ? [.pid, .uts] : [.uts])], child: child)
        let options = RunOptions(stdin: input, stdout: out.fd, stderr: out.fd, initExecutable: mydockerBinary)
        return try Executor.run(plan, options: options)
    }

    @Test(arguments: [false, true])
    func anExitCodeAbove128IsAnExitCode(withInit: Bool) throws {
        #expect(try run("exit 137", withInit: withInit) == .exited(137))
    }

    @Test(arguments: [false, true])
    func aSignalIsASignal(withInit: Bool) throws {
        #expect(try run("kill -TERM $$", withInit: withInit) == .signaled(SIGTERM))
    }

    @Test func theShellStatusFoldsASignalTo128PlusN() {
        #expect(ProcessExit.signaled(9).shellStatus == 137)
        #expect(ProcessExit.exited(137).shellStatus == 137)
        #expect(ProcessExit(waitStatus: 137 << 8) == .exited(137))
        #expect(ProcessExit(waitStatus: SIGKILL) == .signaled(SIGKILL))
    }
}

@Suite struct ProcessExitRecordTests {
    /// `exit(137)` is recorded and shown as exit code 137; SIGKILL as a signal.
    @Test func theStoreKeepsAnExitCodeApartFromASignal() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try store.claim(StateStore.Claim(name: "box", specPath: "/spec.yaml", specBytes: [], detached: false))
        try record.markExited(.exited(137))
        let exited = try store.load("box")
        #expect(exited.exitCode == 137 && exited.signal == nil && exited.exit == .exited(137))
        #expect(ObservedStatus(exited).text == "exited 137")
        try record.markExited(.signaled(SIGKILL))
        let killed = try store.load("box")
        #expect(killed.exit == .signaled(SIGKILL))
        #expect(ObservedStatus(killed).text == "killed by SIGKILL")
    }
}
