import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Glibc
import Spec
import Testing

/// What the store keeps for `stop`, `restart` and `inspect`: the command, the stop signal, the spec's folder when it
/// came from standard input, a container made ready to run again, and the digest of the spec as applied.
@Suite struct StateStoreLifecycleTests {
    func spec(annotations: [String: String] = [:], file: String = "/srv/specs/web.yaml", base: String = "/srv/specs") -> ContainerSpec {
        ContainerSpec(
            annotations: annotations, process: ContainerSpec.Process(args: ["/bin/sleep", "60"], env: ["A=1"], cwd: "/work"),
            source: SpecSource(file: file, baseDirectory: base)
        )
    }

    func claim(_ store: StateStore, _ name: String, spec: ContainerSpec, specPath: String = "/srv/specs/web.yaml",
               detached: Bool = true) throws -> ContainerRecord {
        try store.claim(StateStore.Claim(name: name, specPath: specPath, specBytes: Array("hostname: web\n".utf8), spec: spec,
                                         detached: detached))
    }

    @Test func aClaimRecordsTheCommandAndTheStopSignal() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        _ = try claim(store, "web", spec: spec(annotations: [StopSignal.annotation: "SIGQUIT"]))
        let state = try store.load("web")
        #expect(state.args == ["/bin/sleep", "60"])
        #expect(state.stopSignal == SIGQUIT)
        #expect(StopSignal.of(state) == SIGQUIT)
        #expect(state.specDirectory == nil)
        _ = try claim(store, "plain", spec: spec())
        #expect(StopSignal.of(try store.load("plain")) == SIGTERM)
    }

    @Test func killEndsTheRestartsWithTheContainersOwnStopSignal() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        _ = try claim(store, "quit", spec: spec(annotations: [StopSignal.annotation: "QUIT"]))
        _ = try claim(store, "term", spec: spec())
        let (quit, term) = (try store.load("quit"), try store.load("term"))
        #expect(StateStore.endsTheContainer(SIGQUIT, quit) && !StateStore.endsTheContainer(SIGTERM, quit))
        #expect(StateStore.endsTheContainer(SIGTERM, term) && !StateStore.endsTheContainer(SIGQUIT, term))
        #expect(StateStore.endsTheContainer(SIGKILL, quit) && StateStore.endsTheContainer(SIGKILL, term))
    }

    @Test func aStopSignalThatIsNoSignalIsRefusedBeforeAnythingIsWritten() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        #expect(throws: ContainerError.invalidStopSignal("SIGNOPE")) {
            _ = try claim(store, "web", spec: spec(annotations: [StopSignal.annotation: "SIGNOPE"]))
        }
        #expect(try store.names().isEmpty)
        #expect(ContainerError.invalidStopSignal("SIGNOPE").description
            == "annotation org.opencontainers.image.stopSignal: unknown signal \"SIGNOPE\": use a name such as TERM, QUIT or INT, or a number from 1 to 64")
    }

    @Test func aSpecFromStandardInputKeepsItsPathAndFolder() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        _ = try claim(store, "piped", spec: spec(file: StateStore.standardInputSpec, base: "/home/me"),
                      specPath: StateStore.standardInputSpec)
        let state = try store.load("piped")
        #expect(state.specPath == "<stdin>")
        #expect(state.specBaseDirectory == "/home/me")
    }

    @Test func reclaimForgetsTheLastRunAndKeepsWhatItWasAppliedWith() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "fg", spec: spec(annotations: [StopSignal.annotation: "INT"]), detached: false)
        try record.recordCgroup("/mydocker-fg", directories: ["/sys/fs/cgroup/mydocker-fg"])
        try record.markRunning(pid: getpid())
        try record.update { state in
            state.restart = RestartState(policy: RestartPolicy(.onFailure, maximumRetries: 3), count: 2, cancelled: true, stoppedByUser: true)
        }
        #expect(throws: ContainerError.nameInUse("fg", running: true)) { _ = try store.reclaim("fg") }
        try record.markExited(signal: SIGKILL)
        try record.markOOMKilled(memoryLimit: 1 << 20)
        #expect(!dir.exists("fg/log"))

        _ = try store.reclaim("fg")
        let state = try store.load("fg")
        #expect(state.status == .created)
        #expect(state.process == nil && state.monitor == nil && state.exit == nil && state.error == nil)
        #expect(!state.oomKilled && state.memoryLimit == nil && state.started == nil && state.finished == nil)
        #expect(state.cgroup == nil && state.cgroupDirectories.isEmpty)
        #expect(state.restart == RestartState(policy: RestartPolicy(.onFailure, maximumRetries: 3)), "the policy stays, counted afresh")
        #expect(state.args == ["/bin/sleep", "60"] && state.stopSignal == SIGINT && state.cwd == "/work")
        #expect(state.logPath == dir.path + "/fg/log")
        #expect(dir.read("fg/log") == "")
        #expect(throws: ContainerError.noSuchContainer("gone")) { _ = try store.reclaim("gone") }
    }

    @Test func reclaimKeepsTheLog() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "web", spec: spec())
        dir.write("web/log", "first run\n")
        try record.markExited(code: 0)
        _ = try store.reclaim("web")
        #expect(dir.read("web/log") == "first run\n")
    }

    @Test func theSpecsDigestIsOfTheCopyAsApplied() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        _ = try claim(store, "web", spec: spec())
        // sha256 of "hostname: web\n"
        #expect(try store.specDigest(of: "web") == "sha256:" + SHA256.hex(Array("hostname: web\n".utf8)))
        #expect(try store.specDigest(of: "web").count == 71)
        #expect(throws: ContainerError.noSuchContainer("none")) { _ = try store.specDigest(of: "none") }
    }
}
