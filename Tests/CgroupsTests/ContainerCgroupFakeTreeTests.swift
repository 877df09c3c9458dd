import Glibc
import Spec
import Testing
import TestSupport
@testable import Cgroups

/// A container's cgroup in a fake tree of plain directories laid out like a v1 memory hierarchy beside a v2 one:
/// what is made, written and removed, without root.
@Suite struct ContainerCgroupFakeTreeTests {
    let root = StateTemporaryDirectory()
    var host: CgroupHost {
        CgroupHost(hierarchies: [
            CgroupHierarchy(version: .v1, mountPoint: root.path + "/memory", controllers: ["memory"]),
            CgroupHierarchy(version: .v2, mountPoint: root.path + "/unified", controllers: ["pids", "memory"]),
        ])
    }

    /// The interface files the kernel would make in a new cgroup directory.
    func kernelFiles(_ path: String) {
        for (directory, files) in [
            ("memory", ["cgroup.procs", "memory.limit_in_bytes", "memory.oom_control"]),
            ("unified", ["cgroup.procs", "cgroup.subtree_control", "pids.max", "cgroup.freeze", "cgroup.events", "memory.events"]),
        ] {
            _ = system("mkdir -p '\(root.path)/\(directory)\(path)'")
            for file in files { root.write(directory + path + "/" + file, "") }
        }
    }

    @Test func resourcesGoWhereEachControllerIs() throws {
        defer { root.remove() }
        kernelFiles("/mydocker/box")
        root.write("unified/cgroup.subtree_control", "")
        root.write("unified/mydocker/cgroup.subtree_control", "")
        let cgroup = try ContainerCgroup.create(path: "/mydocker/box", host: host)
        try cgroup.apply(ContainerSpec.Resources(memory: .init(limit: 1_048_576), pids: .init(limit: 7)))
        // memory: on its v1 hierarchy; pids: only on v2, enabled in each ancestor first.
        #expect(root.read("memory/mydocker/box/memory.limit_in_bytes") == "1048576")
        #expect(root.read("unified/mydocker/box/pids.max") == "7")
        #expect(root.read("unified/cgroup.subtree_control") == "+pids")
        #expect(root.read("unified/mydocker/cgroup.subtree_control") == "+pids")
    }

    @Test func aKeyTheHostCannotApplyNamesTheKey() throws {
        defer { root.remove() }
        kernelFiles("/mydocker/box")
        let cgroup = try ContainerCgroup.create(path: "/mydocker/box", host: host)
        #expect(throws: CgroupError(what: "apply linux.resources.cpu.shares", hint: "this host has no cpu controller, on cgroup v1 or v2")) {
            try cgroup.apply(ContainerSpec.Resources(cpu: .init(shares: 512)))
        }
        #expect(throws: CgroupError(what: "apply linux.resources.memory.swappiness (memory.swappiness=5)",
                                    call: "open \(root.path)/memory/mydocker/box/memory.swappiness", errno: ENOENT,
                                    hint: "this kernel or this hierarchy has no memory.swappiness file")) {
            try cgroup.apply(ContainerSpec.Resources(memory: .init(swappiness: 5)))
        }
    }

    @Test func freezingWritesCgroupFreezeAndWaitsForTheKernelsWord() throws {
        defer { root.remove() }
        kernelFiles("/mydocker/box")
        let cgroup = try ContainerCgroup.create(path: "/mydocker/box", host: host)
        root.write("unified/mydocker/box/cgroup.events", "populated 1\nfrozen 1\n")
        try cgroup.freeze(patience: 100)
        #expect(root.read("unified/mydocker/box/cgroup.freeze") == "1")
        #expect(cgroup.isFrozen)
        // The kernel never says thawed: the wait ends with an error that says so.
        #expect(throws: CgroupError(what: "thaw cgroup /mydocker/box", hint: "the kernel did not report the cgroup thawed within 5000 ms")) {
            try cgroup.thaw()
        }
    }

    @Test func oomKillsAreCountedFromEitherLayout() throws {
        defer { root.remove() }
        kernelFiles("/mydocker/box")
        let cgroup = try ContainerCgroup.create(path: "/mydocker/box", host: host)
        #expect(cgroup.oomKills() == 0)
        root.write("unified/mydocker/box/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
        #expect(cgroup.oomKills() == 1)
        root.write("memory/mydocker/box/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
        #expect(cgroup.oomKills() == 2)
    }

    @Test func createdParentsAndTheLeafAreRemoved() throws {
        defer { root.remove() }
        try FileManagerless.makeDirectory(root.path + "/memory")
        try FileManagerless.makeDirectory(root.path + "/unified")
        let cgroup = try ContainerCgroup.create(path: "/engine/parent/box", host: host)
        #expect(root.exists("memory/engine/parent/box") && root.exists("unified/engine/parent/box"))
        try cgroup.remove(patience: 0)
        #expect(!root.exists("memory/engine") && !root.exists("unified/engine"))
    }
}

/// mkdir without Foundation.
enum FileManagerless {
    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw TestError(errno) }
    }
}
