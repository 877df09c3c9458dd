import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Spec
import Testing

@Suite struct StateTextTests {
    let full = ContainerState(
        name: "box", status: .exited, process: ProcessIdentity(pid: 4242, startTime: 987_654),
        monitor: ProcessIdentity(pid: 4240, startTime: 987_600), exitCode: nil, signal: 9, error: nil,
        created: 1_700_000_000, started: 1_700_000_001, finished: 1_700_000_060,
        specPath: "/srv/specs/uts.yaml", logPath: "/run/mydocker/box/log",
        user: ContainerSpec.User(uid: 100, gid: 100, additionalGids: [10, 20]), cwd: "/home/app",
        env: ["PATH=/bin:/usr/bin", "GREETING=hello\nworld", "BACKSLASH=a\\b"]
    )

    @Test func roundTripKeepsEveryField() throws {
        let parsed = try ContainerState(parsing: full.text)
        #expect(parsed == full)
    }

    @Test func theBundleOfAContainerMadeByCreateRoundTrips() throws {
        var made = full
        made.bundle = "/var/lib/bundles/web"
        #expect(made.text.contains("\nbundle=/var/lib/bundles/web\n"))
        let parsed = try ContainerState(parsing: made.text)
        #expect(parsed == made && parsed.isOCI)
        #expect(!(try ContainerState(parsing: full.text)).isOCI)
    }

    /// The host mounts of an OCI container without a mount namespace: its root and the mount IDs below it before it
    /// ran (an empty baseline too); a baseline that is not numbers is refused at its line.
    @Test func theHostMountBaselineRoundTrips() throws {
        var made = full
        made.hostMountRoot = "/var/lib/bundles/web/root fs"
        made.hostMountBaseline = [40, 1234]
        #expect(made.text.contains("\nhostmounts.baseline=40,1234\n"))
        #expect(try ContainerState(parsing: made.text) == made)
        made.hostMountBaseline = []
        #expect(try ContainerState(parsing: made.text) == made)
        let broken = made.text.replacingOccurrences(of: "hostmounts.baseline=", with: "hostmounts.baseline=4x")
        #expect(throws: ContainerState.ParseError.self) { try ContainerState(parsing: broken) }
    }

    /// The creation time keeps its nanoseconds, for the OCI state's `created` (RFC 3339 with nanoseconds, as
    /// runc's); a file without them (an older mydocker's) reads as a whole second.
    @Test func theCreationTimesNanosecondsRoundTrip() throws {
        var made = full
        made.createdNanoseconds = 123_456_789
        #expect(made.text.contains("\ncreated.nanoseconds=123456789\n"))
        #expect(try ContainerState(parsing: made.text) == made)
        #expect(try ContainerState(parsing: full.text).createdNanoseconds == 0)
        #expect(!full.text.contains("created.nanoseconds"))
    }

    @Test func textIsOneKeyPerLineWithEscapes() {
        let expected = """
            # mydocker container state
            version=1
            name=box
            status=exited
            pid=4242
            pid.starttime=987654
            monitor.pid=4240
            monitor.pid.starttime=987600
            exit.signal=9
            created=1700000000
            started=1700000001
            finished=1700000060
            spec=/srv/specs/uts.yaml
            log=/run/mydocker/box/log
            user.uid=100
            user.gid=100
            user.groups=10,20
            cwd=/home/app
            env=PATH=/bin:/usr/bin
            env=GREETING=hello\\nworld
            env=BACKSLASH=a\\\\b

            """
        #expect(full.text == expected)
    }

    @Test func lifecycleKeysRoundTrip() throws {
        var state = full
        state.specPath = StateStore.standardInputSpec
        state.specDirectory = "/home/me/specs"
        state.args = ["/bin/sh", "-c", "echo a\nb", ""]
        state.stopSignal = 3
        let text = state.text
        #expect(text.contains("\nspec=<stdin>\nspec.directory=/home/me/specs\nargs=/bin/sh\nargs=-c\nargs=echo a\\nb\nargs=\nstop.signal=3\n"))
        #expect(try ContainerState(parsing: text) == state)
        #expect(!full.text.contains("stop."), "written only when set")
        #expect(!full.text.contains("args="))
    }

    @Test func theSpecsBaseDirectoryIsItsFolderUnlessRecorded() {
        var state = full
        #expect(state.specBaseDirectory == "/srv/specs")
        state.specPath = "/spec.yaml"
        #expect(state.specBaseDirectory == "/")
        state.specPath = StateStore.standardInputSpec
        state.specDirectory = "/work"
        #expect(state.specBaseDirectory == "/work")
    }

    @Test func minimalStateGetsDefaults() throws {
        let state = try ContainerState(parsing: "name=a\nstatus=created\ncreated=5\nspec=/s.yaml\n")
        #expect(state.process == nil)
        #expect(state.cwd == "/")
        #expect(state.user == ContainerSpec.User())
        #expect(state.env.isEmpty)
        #expect(state.args.isEmpty)
        #expect(state.stopSignal == nil && state.specDirectory == nil)
    }

    @Test func unknownKeysAreSkipped() throws {
        let state = try ContainerState(parsing: "name=a\nstatus=running\ncreated=5\nspec=/s.yaml\nfuture.key=x\n")
        #expect(state.status == .running)
    }

    @Test(arguments: [
        ("status=running\ncreated=5\nspec=/s\n", "\"name\" is missing"),
        ("name=a\nstatus=stopped\ncreated=5\nspec=/s\n", "line 2: unknown status \"stopped\""),
        ("name=a\nstatus=running\ncreated=soon\nspec=/s\n", "line 3: \"created\" is not a number: \"soon\""),
        ("name=a\nstatus=running\ncreated=5\nspec=/s\npid=12x\n", "line 5: \"pid\" is not a number: \"12x\""),
        ("name=a\nstatus=running\ncreated=5\nspec=/s\ngarbage\n", "line 5: expected key=value, found \"garbage\""),
        ("name=a\\q\nstatus=running\ncreated=5\nspec=/s\n", "line 1: unknown escape \"\\q\""),
        ("version=2\nname=a\nstatus=running\ncreated=5\nspec=/s\n", "line 1: written by a newer mydocker (format 2)"),
        ("name=a\nstatus=running\nspec=/s\n", "\"created\" is missing"),
    ])
    func badTextSaysWhy(text: String, message: String) {
        #expect(throws: ContainerState.ParseError.self) { try ContainerState(parsing: text) }
        do {
            _ = try ContainerState(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func halfWrittenFileIsRefused() {
        // What a torn write would leave: the last line cut in the middle of an escape.
        let torn = String(full.text.prefix { $0 != "\\" }) + "\\"
        #expect(throws: ContainerState.ParseError.self) { try ContainerState(parsing: torn) }
    }
}
