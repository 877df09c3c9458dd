import Glibc
import LinuxSystem
import Spec
import Testing
import TestSupport
@testable import Seccomp

@Suite struct CacheTests {
    static let profile = ContainerSpec.Seccomp(
        defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86"],
        syscalls: [Rule(names: ["read", "write", "exit_group"], action: "SCMP_ACT_ALLOW")])

    /// The names in `directory`.
    static func files(_ directory: String) throws -> [String] {
        try Directory.entries(directory).sorted()
    }

    @Test func aMissCompilesAndStoresAndAHitReadsItBack() throws {
        let folder = try TempDirectory()
        let cache = SeccompCache(directory: folder.path + "/seccomp")
        #expect(cache.cachedProgram(for: Self.profile) == nil)
        let compiled = try cache.program(for: Self.profile)
        #expect(compiled == (try SeccompProgram.compile(Self.profile)))
        let name = SeccompCacheKey(Self.profile).name
        #expect(try Self.files(cache.directory) == [name])
        #expect(name.count == 16)
        var info = stat()
        #expect(stat(cache.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(cache.cachedProgram(for: Self.profile) == compiled)
        #expect(try cache.program(for: Self.profile) == compiled)
        #expect(try Self.files(cache.directory) == [name], "no temporary file left behind")
    }

    @Test func anyChangeOfTheProfileIsAnotherEntry() throws {
        var keys: Set<String> = [SeccompCacheKey(Self.profile).name]
        var changed = Self.profile
        changed.syscalls[0].names = ["read", "writ", "eexit_group"]  // same letters, other words
        keys.insert(SeccompCacheKey(changed).name)
        changed = Self.profile
        changed.defaultErrnoRet = 1
        keys.insert(SeccompCacheKey(changed).name)
        changed = Self.profile
        changed.syscalls[0].args = [Argument(index: 0, value: 1, op: "SCMP_CMP_EQ")]
        keys.insert(SeccompCacheKey(changed).name)
        changed.syscalls[0].args[0].valueTwo = 1
        keys.insert(SeccompCacheKey(changed).name)
        changed = Self.profile
        changed.flags = ["SECCOMP_FILTER_FLAG_LOG"]
        keys.insert(SeccompCacheKey(changed).name)
        #expect(keys.count == 6)
        #expect(SeccompCacheKey(Self.profile) == SeccompCacheKey(Self.profile))
    }

    @Test func aDamagedOrForeignEntryIsAMissAndIsRewritten() throws {
        let folder = try TempDirectory()
        let cache = SeccompCache(directory: folder.path)
        let program = try cache.program(for: Self.profile)
        let path = folder.path + "/" + SeccompCacheKey(Self.profile).name
        let good = try #require(Sys.readFile(path))
        #expect(SeccompCache.decode(good, SeccompCacheKey(Self.profile)) == program)

        var damaged = good
        damaged[good.count / 2] ^= 1
        var other = Self.profile
        other.defaultAction = "SCMP_ACT_KILL"
        let foreign = SeccompCache.encode(try SeccompProgram.compile(other), SeccompCacheKey(other))
        for bytes in [damaged, Array(good.dropLast()), Array(good.prefix(20)), [], foreign] {
            try write(bytes, to: path)
            #expect(cache.cachedProgram(for: Self.profile) == nil)
            #expect(try cache.program(for: Self.profile) == program)
            #expect(Sys.readFile(path) == good)
        }
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        let folder = try TempDirectory()
        let elsewhere = try TempDirectory()
        let cache = SeccompCache(directory: folder.path)
        let name = SeccompCacheKey(Self.profile).name
        try write(SeccompCache.encode(try SeccompProgram.compile(Self.profile), SeccompCacheKey(Self.profile)), to: elsewhere.path + "/" + name)
        #expect(symlink(elsewhere.path + "/" + name, folder.path + "/" + name) == 0)
        #expect(cache.cachedProgram(for: Self.profile) == nil)
    }

    @Test func aDirectoryOthersCanWriteIsNeitherReadNorWritten() throws {
        let folder = try TempDirectory()
        let cache = SeccompCache(directory: folder.path)
        let program = try cache.program(for: Self.profile)
        #expect(chmod(folder.path, 0o777) == 0)
        #expect(cache.cachedProgram(for: Self.profile) == nil)
        #expect(throws: SeccompError(what: "store the seccomp program in \(folder.path)",
                                     hint: "\(folder.path) must belong to user \(geteuid()) and be writable by no one else")) {
            try cache.store(program, for: Self.profile)
        }
        // Compiling still works; only the cache is left alone.
        #expect(try cache.program(for: Self.profile) == program)
    }

    @Test func writersRacingOnOneEntryLeaveItWholeForReaders() async throws {
        let folder = try TempDirectory()
        let cache = SeccompCache(directory: folder.path)
        let program = try SeccompProgram.compile(Self.profile)
        let torn = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var torn = 0
                    for _ in 0..<25 {
                        try? cache.store(program, for: Self.profile)
                        if let read = cache.cachedProgram(for: Self.profile), read != program { torn += 1 }
                    }
                    return torn
                }
            }
            return await group.reduce(0, +)
        }
        #expect(torn == 0)
        #expect(cache.cachedProgram(for: Self.profile) == program)
        #expect(try Self.files(folder.path) == [SeccompCacheKey(Self.profile).name])
    }

    @Test func aHitOfThePodmanProfileTakesAFractionOfACompile() throws {
        guard let podman = try PeerProfile.seccomp(config: PeerProfile.podmanConfig) else { return }
        let folder = try TempDirectory()
        let cache = SeccompCache(directory: folder.path)
        var compile = UInt64.max
        var hit = UInt64.max
        for _ in 0..<5 {
            var start = Clock.monotonicNanoseconds()
            let compiled = try SeccompProgram.compile(podman)
            compile = min(compile, Clock.monotonicNanoseconds() - start)
            try cache.store(compiled, for: podman)
            start = Clock.monotonicNanoseconds()
            let cached = try cache.program(for: podman)
            hit = min(hit, Clock.monotonicNanoseconds() - start)
            #expect(cached == compiled)
        }
        print("podman's profile: compile \(Double(compile) / 1e6) ms, cache hit \(Double(hit) / 1e6) ms")
        // About 20 ms against 0.16 ms in a release build; a debug build hashes some 50 times slower.
        #expect(hit < compile)
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        let file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600)
        try file.writeAll(bytes)
    }
}
