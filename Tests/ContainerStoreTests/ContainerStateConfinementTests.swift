@testable import ContainerStore
import Spec
import Testing

/// The confinement keys of the state file: written only when they confine something, read back the same, and
/// absent from (and not needed by) a state an older mydocker wrote.
@Suite struct ContainerStateConfinementTests {
    let base = ContainerState(name: "box", status: .running, created: 1_700_000_000, specPath: "/specs/box.yaml")

    var confined: ContainerState {
        var state = base
        state.confinement = ProcessConfinement(
            capabilities: ContainerSpec.Capabilities(
                bounding: ["CAP_AUDIT_WRITE", "CAP_KILL"], effective: ["CAP_KILL"], inheritable: [],
                permitted: ["CAP_AUDIT_WRITE", "CAP_KILL"], ambient: ["CAP_KILL"]),
            noNewPrivileges: true, apparmorProfile: "docker-default", selinuxLabel: "system_u:system_r:container_t:s0",
            rlimits: [ContainerSpec.Rlimit(type: "RLIMIT_NOFILE", soft: 1024, hard: 4096),
                      ContainerSpec.Rlimit(type: "RLIMIT_CORE", soft: 0, hard: 0)],
            seccomp: true, seccompFlags: 2)
        return state
    }

    @Test func roundTripKeepsTheConfinement() throws {
        #expect(try ContainerState(parsing: confined.text) == confined)
    }

    @Test func theKeysAreReadable() {
        let lines = confined.text.split(separator: "\n").map(String.init)
        let tail = Array(lines.suffix(12))
        #expect(tail == [
            "caps.bounding=CAP_AUDIT_WRITE,CAP_KILL",
            "caps.effective=CAP_KILL",
            "caps.permitted=CAP_AUDIT_WRITE,CAP_KILL",
            "caps.inheritable=",
            "caps.ambient=CAP_KILL",
            "noNewPrivileges=1",
            "apparmorProfile=docker-default",
            "selinuxLabel=system_u:system_r:container_t:s0",
            "rlimit=RLIMIT_NOFILE 1024 4096",
            "rlimit=RLIMIT_CORE 0 0",
            "seccomp=1",
            "seccomp.flags=2",
        ])
    }

    @Test func withoutConfinementNoKeyIsWrittenAndNothingIsRead() throws {
        let text = base.text
        for key in ["caps.", "noNewPrivileges", "apparmorProfile", "selinuxLabel", "rlimit", "seccomp"] {
            #expect(!text.contains("\n" + key), "\(key) written without a confinement")
        }
        let parsed = try ContainerState(parsing: text)
        #expect(parsed.confinement.isEmpty)
        #expect(parsed == base)
    }

    @Test func aStateWrittenBeforeTheConfinementKeysReadsAsNoneRecorded() throws {
        let old = """
            # mydocker container state
            version=1
            name=old
            status=running
            pid=10
            pid.starttime=5
            created=1700000000
            spec=/specs/old.yaml
            user.uid=0
            user.gid=0
            cwd=/
            cgroup=/mydocker-old
            cgroup.directory=/sys/fs/cgroup/pids/mydocker-old
            """
        let state = try ContainerState(parsing: old)
        #expect(state.confinement == ProcessConfinement())
        #expect(state.confinement.capabilities == nil)
        #expect(state.cgroupDirectories == ["/sys/fs/cgroup/pids/mydocker-old"])
    }

    @Test func emptyCapabilitySetsStayRecorded() throws {
        var state = base
        state.confinement.capabilities = ContainerSpec.Capabilities()
        let parsed = try ContainerState(parsing: state.text)
        #expect(parsed.confinement.capabilities == ContainerSpec.Capabilities())
        #expect(!parsed.confinement.isEmpty)
    }

    @Test(arguments: [
        ("caps.effective=CAP_FLY", "line 7: \"caps.effective\" holds an unknown capability \"CAP_FLY\""),
        ("rlimit=RLIMIT_NOFILE 10", "line 7: \"rlimit\" is not \"RLIMIT_NAME SOFT HARD\": \"RLIMIT_NOFILE 10\""),
        ("rlimit=RLIMIT_WINGS 1 1", "line 7: \"rlimit\" is not \"RLIMIT_NAME SOFT HARD\": \"RLIMIT_WINGS 1 1\""),
        ("seccomp.flags=x", "line 7: \"seccomp.flags\" is not a number: \"x\""),
    ])
    func aBadConfinementLineNamesItsLine(line: String, message: String) {
        let text = "version=1\nname=box\nstatus=running\ncreated=1\nspec=/s\ncwd=/\n" + line + "\n"
        #expect(throws: ContainerState.ParseError.self) { try ContainerState(parsing: text) }
        do {
            _ = try ContainerState(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }
}
