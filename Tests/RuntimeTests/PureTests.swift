import Glibc
import Spec
import Testing
import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
@testable import Mounts
@testable import Runtime

@Suite struct ExecSearchTests {
    @Test func slashMeansNoSearch() {
        #expect(ExecSearch.candidates(for: "/bin/sh", path: "/a:/b") == ["/bin/sh"])
        #expect(ExecSearch.candidates(for: "./run", path: "/a") == ["./run"])
    }

    @Test func eachPathEntryInOrder() {
        #expect(ExecSearch.candidates(for: "ls", path: "/usr/bin:/bin/") == ["/usr/bin/ls", "/bin/ls"])
    }

    @Test func emptyEntryIsTheCurrentDirectory() {
        #expect(ExecSearch.candidates(for: "ls", path: ":/bin:") == ["ls", "/bin/ls", "ls"])
    }

    @Test func emptyNameHasNoCandidate() {
        #expect(ExecSearch.candidates(for: "", path: "/bin").isEmpty)
    }

    @Test func pathComesFromTheContainersEnvironment() {
        #expect(ExecSearch.path(in: ["A=1", "PATH=/x:/y", "PATH=/z"]) == "/x:/y")
        #expect(ExecSearch.path(in: ["PATHS=/no"]) == ExecSearch.defaultPath)
        #expect(ExecSearch.path(in: ["PATH="]) == "")
    }
}

@Suite struct IDMapCheckTests {
    typealias M = ContainerSpec.IDMapping

    @Test func goodMapHasNoProblem() {
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 100000, size: 65536), M(containerID: 65536, hostID: 0, size: 1)]) == nil)
    }

    @Test func sizeZero() {
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 1, size: 0)])?.description == "line 1: 0 1 0: size is 0")
    }

    @Test func containerSideOverlap() {
        let problem = IDMapCheck.problem([M(containerID: 0, hostID: 1000, size: 10), M(containerID: 9, hostID: 5000, size: 1)])
        #expect(problem?.description == "line 2: 9 5000 1: container ids 9 overlap line 1 (0 1000 10)")
    }

    @Test func hostSideOverlap() {
        let problem = IDMapCheck.problem([M(containerID: 0, hostID: 1000, size: 10), M(containerID: 20, hostID: 990, size: 11)])
        #expect(problem?.description == "line 2: 20 990 11: host ids 990-1000 overlap line 1 (0 1000 10)")
    }

    @Test func adjacentRangesDoNotOverlap() {
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 1000, size: 10), M(containerID: 10, hostID: 1010, size: 10)]) == nil)
    }

    @Test func rangePastTheLastID() {
        #expect(IDMapCheck.problem([M(containerID: 4294967295, hostID: 0, size: 1)])?.line == 1)
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 4294967294, size: 1)]) == nil)
    }

    @Test func tooManyLines() {
        let map = (0..<341).map { M(containerID: UInt32($0), hostID: UInt32($0), size: 1) }
        #expect(IDMapCheck.problem(map)?.line == 341)
    }

    @Test func hostIDsMustBeMappedInTheWritersNamespace() {
        let parent = [M(containerID: 0, hostID: 0, size: 1000), M(containerID: 1000, hostID: 5000, size: 10)]
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 990, size: 20)], parent: parent) == nil)
        #expect(IDMapCheck.problem([M(containerID: 0, hostID: 990, size: 21)], parent: parent)?.description
                == "line 1: 0 990 21: host ids 990-1010 are not mapped in mydocker's own user namespace")
    }

    @Test func parsesProcMaps() {
        #expect(M.parse(mapText: "         0          0 4294967295\n") == [M(containerID: 0, hostID: 0, size: 4294967295)])
        #expect([M(containerID: 100, hostID: 200, size: 1)].mapText == "100 200 1\n")
    }
}
