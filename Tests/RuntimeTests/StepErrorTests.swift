import Glibc
import Spec
import Testing
@testable import Runtime

/// A parent loop step's error is said of the spec's mount it serves.
@Suite struct StepErrorTests {
    @Test func parentLoopErrorsNameTheMount() {
        let mount = ContainerSpec.Mount(destination: "/data", type: "ext4", source: "data.img", resolvedSource: "/srv/data.img", options: ["loop"])
        let error = StepError(step: 3, what: "mount /dev/loop0 (/srv/data.img) as ext4", syscall: "fsconfig(FSCONFIG_CMD_CREATE)", errno: EINVAL)
        #expect(error.naming(mount, index: 1).description
            == "step 3 (mount /data (mounts[1]: ext4 loop /srv/data.img)): fsconfig(FSCONFIG_CMD_CREATE): Invalid argument")
    }
}
