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

@Suite struct StateStoreTests {
    func claim(_ store: StateStore, _ name: String?, detached: Bool = true) throws -> ContainerRecord {
        try store.claim(StateStore.Claim(
            name: name, specPath: "/srv/specs/uts.yaml", specBytes: Array("hostname: box\n".utf8),
            user: ContainerSpec.User(uid: 7, gid: 8), cwd: "/work", env: ["A=1"], detached: detached
        ))
    }

    @Test func claimRecordsTheContainer() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path + "/root")
        let record = try claim(store, "box")
        #expect(record.name == "box")
        #expect(dir.read("root/box/spec") == "hostname: box\n")
        #expect(dir.read("root/box/log") == "")
        let state = try store.load("box")
        #expect(state.status == .created)
        #expect(state.specPath == "/srv/specs/uts.yaml")
        #expect(state.logPath == dir.path + "/root/box/log")
        #expect(state.user == ContainerSpec.User(uid: 7, gid: 8))
        #expect(state.cwd == "/work")
        #expect(state.env == ["A=1"])
        #expect(try store.names() == ["box"])
    }

    @Test func foregroundContainersHaveNoLog() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        _ = try claim(store, "fg", detached: false)
        #expect(!dir.exists("fg/log"))
        #expect(try store.load("fg").logPath == nil)
    }

    @Test func aTakenNameIsRefusedEvenOnceExited() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        try record.markExited(code: 0)
        #expect(throws: ContainerError.nameInUse("box", running: false)) { _ = try claim(store, "box") }
    }

    @Test func aNameHeldByALiveContainerSaysSo() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        try record.markRunning(pid: getpid())
        #expect(throws: ContainerError.nameInUse("box", running: true)) { _ = try claim(store, "box") }
    }

    @Test func invalidNamesAreRefusedBeforeAnythingIsWritten() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path + "/root")
        #expect(throws: ContainerError.self) { _ = try claim(store, "../etc") }
        #expect(!dir.exists("root"))
    }

    @Test func generatedNamesAreDistinct() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let names = try (0..<10).map { _ in try claim(store, nil).name }
        #expect(Set(names).count == 10)
        #expect(try store.names() == names.sorted())
    }

    @Test func concurrentClaimsOfOneNameHaveOneWinner() async throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    (try? store.claim(StateStore.Claim(name: "race", specPath: "/s.yaml", specBytes: [], detached: true))) != nil
                }
            }
            var wins: [Bool] = []
            for await won in group { wins.append(won) }
            return wins
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try store.names() == ["race"])
    }

    @Test func runningAndExitedAreRecorded() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        try record.markRunning(pid: getpid())
        let running = try store.load("box")
        #expect(running.status == .running)
        #expect(running.process == ProcessIdentity.current(pid: getpid()))
        #expect(running.started != nil)
        try record.markExited(.signaled(9))
        let exited = try store.load("box")
        #expect(exited.status == .exited)
        #expect(exited.signal == 9)
        #expect(exited.exitCode == nil)
        #expect(exited.finished != nil)
        try record.markExited(.exited(3))
        #expect(try store.load("box").exitCode == 3)
    }

    @Test func aCrashBeforeTheRenameLeavesTheOldStateIntact() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        try record.markRunning(pid: getpid())
        let before = try #require(dir.read("box/state"))
        // A writer that died after writing its temporary file and before renaming it.
        dir.write("box/.state.tmp", "name=box\nstatus=exi")
        #expect(dir.read("box/state") == before)
        #expect(try store.load("box").status == .running)
        // The next write replaces the leftover and renames it into place.
        try record.markExited(code: 0)
        #expect(!dir.exists("box/.state.tmp"))
        #expect(try store.load("box").status == .exited)
    }

    @Test func stateIsNeverSeenHalfWritten() async throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        let longEnv = (0..<400).map { "VARIABLE_\($0)=" + String(repeating: "v", count: 100) }
        try record.update { $0.env = [] }
        let writes = 200
        let readsOK = await withTaskGroup(of: Int.self) { group in
            group.addTask {
                for index in 0..<writes {
                    try? record.update { state in
                        state.env = index.isMultiple(of: 2) ? longEnv : []
                        state.exitCode = Int32(index)
                    }
                }
                return 0
            }
            group.addTask {
                var good = 0
                for _ in 0..<writes {
                    if let state = try? store.load("box"), state.env.isEmpty || state.env == longEnv { good += 1 }
                }
                return good
            }
            var total = 0
            for await count in group { total += count }
            return total
        }
        #expect(readsOK == writes)
    }

    @Test func removeFreesTheName() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        let record = try claim(store, "box")
        try record.markExited(code: 0)
        record.abandon()
        #expect(!dir.exists("box"))
        #expect(throws: ContainerError.noSuchContainer("box")) { _ = try store.load("box") }
        // A late write by whoever still holds the old directory fails instead of touching a new container.
        let again = try claim(store, "box")
        #expect(throws: ContainerError.noSuchContainer("box")) { try record.markExited(code: 1) }
        #expect(try store.load("box").status == .created)
        _ = again
    }

    @Test func leftoversOfACrashedClaimAreSweptAndNeverListed() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        mkdir(dir.path + "/.new-ghost", 0o700)
        mkdir(dir.path + "/.rm-old", 0o700)
        dir.write(".rm-old/state", "name=old\n")
        #expect(try store.names() == [])
        _ = try claim(store, "box")
        #expect(!dir.exists(".new-ghost"))
        #expect(!dir.exists(".rm-old"))
    }

    @Test func corruptStateIsReportedWithItsFile() throws {
        let dir = StateTemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(root: dir.path)
        mkdir(dir.path + "/bad", 0o700)
        dir.write("bad/state", "name=bad\nstatus=weird\ncreated=1\nspec=/s\n")
        #expect(throws: ContainerError.corruptState("bad", reason: "\(dir.path)/bad/state: line 2: unknown status \"weird\"")) {
            _ = try store.load("bad")
        }
        let listed = try store.list()
        #expect(listed.map(\.name) == ["bad"])
    }

    @Test func rootComesFromTheOptionThenTheEnvironment() {
        #expect(StateStore(rootOption: "/x/y/../z").root == "/x/z")
        setenv("MYDOCKER_ROOT", "/tmp/elsewhere", 1)
        #expect(StateStore(rootOption: nil).root == "/tmp/elsewhere")
        unsetenv("MYDOCKER_ROOT")
        #expect(StateStore(rootOption: nil).root == "/run/mydocker")
    }
}
