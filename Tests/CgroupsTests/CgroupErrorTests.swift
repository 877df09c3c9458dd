import Testing
@testable import Cgroups

@Suite struct CgroupErrorTests {
    @Test func saysWhatWasDoneAndWhy() {
        let error = CgroupError(what: "set memory.max of /mydocker/box", call: "write /sys/fs/cgroup/mydocker/box/memory.max", errno: 22)
        #expect(error.description == "set memory.max of /mydocker/box: write /sys/fs/cgroup/mydocker/box/memory.max: Invalid argument")
    }
}
