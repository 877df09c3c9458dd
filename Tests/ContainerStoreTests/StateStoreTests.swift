import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Glibc
import Spec
import Synchronization
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
        let tally = ReadWriteTally()
        // The writer starts once the reader has read once; the reader reads at least `writes` times and until it
        // sees the last write. Both yield after each step, so that they interleave even on a one-thread pool.
        var readsOK = 0, reads = 0, readsDuringWrites = 0, writesDone = 0
        var seen: Set<Int32> = []
        var badRead: String?
        try await withThrowingTaskGroup(of: ReadWriteTally.Outcome.self) { group in
            group.addTask {
                while tally.reads.load(ordering: .acquiring) == 0 {
                    try Task.checkCancellation()
                    await Task.yield()
                }
                for index in 0..<writes {
                    try record.update { state in
                        state.env = index.isMultiple(of: 2) ? longEnv : []
                        state.exitCode = Int32(index)
                    }
                    tally.writes.wrappingAdd(1, ordering: .releasing)
                    await Task.yield()
                }
                return .wrote(tally.writes.load(ordering: .acquiring))
            }
            group.addTask {
                var read = ReadWriteTally.Outcome.Reads()
                let deadline = ContinuousClock.now + .seconds(120)
                while read.count < writes || !read.seen.contains(Int32(writes - 1)) {
                    try Task.checkCancellation()
                    guard ContinuousClock.now < deadline else { break }
                    let before = tally.writes.load(ordering: .acquiring)
                    do {
                        let state = try store.load("box")
                        // Whole: the env that goes with the exit code (none before the first write).
                        let expected = state.exitCode.map { $0.isMultiple(of: 2) ? longEnv : [] } ?? []
                        if state.env == expected { read.good += 1 } else {
                            read.bad = read.bad ?? "exit code \(state.exitCode.map(String.init) ?? "none") with \(state.env.count) variables"
                        }
                        if let code = state.exitCode { read.seen.insert(code) }
                    } catch {
                        read.bad = read.bad ?? "\(error)"
                    }
                    let after = tally.writes.load(ordering: .acquiring)
                    read.count += 1
                    if before > 0 && after < writes { read.duringWrites += 1 }
                    tally.reads.wrappingAdd(1, ordering: .releasing)
                    await Task.yield()
                }
                return .read(read)
            }
            for try await outcome in group {
                switch outcome {
                case let .wrote(count): writesDone = count
                case let .read(read):
                    (readsOK, reads, readsDuringWrites, seen, badRead) = (read.good, read.count, read.duringWrites, read.seen, read.bad)
                }
            }
        }
        #expect(writesDone == writes)
        #expect(reads >= writes)
        #expect(readsOK == reads, "a read saw \(badRead ?? "")")
        #expect(seen.contains(Int32(writes - 1)), "the reader never saw the last write")
        // Reads overlapped the writes: some saw a state that existed only between the first and the last write.
        #expect(readsDuringWrites > 0)
        #expect(seen.contains { $0 > 0 && $0 < Int32(writes - 1) }, "states seen: \(seen.sorted())")
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

/// What the writer and the reader of `stateIsNeverSeenHalfWritten` share: how many reads and writes are done.
final class ReadWriteTally: Sendable {
    let reads = Atomic<Int>(0)
    let writes = Atomic<Int>(0)

    enum Outcome: Sendable {
        /// Reads: how many, how many whole, how many while writes were under way, the exit codes seen, the first bad one.
        struct Reads: Sendable {
            var count = 0, good = 0, duringWrites = 0
            var seen: Set<Int32> = []
            var bad: String?
        }

        case wrote(Int)
        case read(Reads)
    }
}
