import Glibc
import HostCheck
import LinuxSystem
import Planner
import Spec
import Testing
@testable import Runtime

/// A failed step names the file and line of the spec element it carries out, and apply's exit status follows
/// what failed: 127 and 126 for the container's command, 125 for the rest.
@Suite struct StepErrorLocationTests {
    static let text = """
        hostname: box
        process:
          args: [/bin/nosuch]
        linux:
          namespaces: [uts, mount]
        mounts:
          - destination: /proc
            type: proc
            source: proc
          - destination: /data
            type: bind
            source: /srv/data
            options: [bind]
        """

    static func plan(file: String = "specs/web.yaml") throws -> Plan {
        let loaded = Linter.lint(bytes: Array(text.utf8), file: file, baseDirectory: "/srv")
        return Planner.plan(try #require(loaded.spec))
    }

    static func step(_ plan: Plan, _ matches: (Action) -> Bool) throws -> Int {
        try #require(plan.steps.first { matches($0.action) }).number
    }

    @Test func aMountsFailureNamesItsLine() throws {
        let plan = try Self.plan()
        let number = try Self.step(plan) { if case .child(.mount(1, _)) = $0 { true } else { false } }
        let error = StepError(step: number, what: "mount /data (mounts[1]: bind /srv/data)", syscall: "mount", errno: ENOENT)
        #expect(error.location(in: plan) == "specs/web.yaml:10")
        #expect(error.described(in: plan) == "specs/web.yaml:10: step \(number) (mount /data (mounts[1]: bind /srv/data)): mount: No such file or directory")
        #expect(error.exitStatus(in: plan) == 125)
    }

    @Test func aPreflightFailureNamesTheCheckedElement() throws {
        let plan = try Self.plan()
        let failure = PreflightFailure(.mountSourceExists(index: 1, path: "/srv/data"), SystemError(errno: ENOENT))
        #expect(StepError(step: 1, failure).location(in: plan) == "specs/web.yaml:12")
        let root = PreflightFailure(.runningAsRoot, SystemError(errno: EPERM))
        #expect(StepError(step: 1, root).location(in: plan) == nil)
        #expect(StepError(step: 1, root).described(in: plan) == StepError(step: 1, root).description)
    }

    @Test func theCommandNotFoundIs127AndNotExecutable126() throws {
        let plan = try Self.plan()
        let exec = try Self.step(plan) { if case .child(.exec) = $0 { true } else { false } }
        #expect(StepError(step: exec, what: "execve /bin/nosuch", errno: ENOENT).exitStatus(in: plan) == 127)
        #expect(StepError(step: exec, what: "execve /bin/nosuch", errno: EACCES).exitStatus(in: plan) == 126)
        #expect(StepError(step: exec, what: "execve /bin/nosuch", errno: ENOEXEC).exitStatus(in: plan) == 126)
        #expect(StepError(step: exec, what: "execve /bin/nosuch", errno: ENOENT).location(in: plan) == "specs/web.yaml:3")
        // The exec step's other failures (a call it names) are mydocker's own.
        #expect(StepError(step: exec, what: "", syscall: "capset", errno: EPERM).exitStatus(in: plan) == 125)
        #expect(StepError(step: exec - 1, what: "", errno: ENOENT).exitStatus(in: plan) == 125)
    }

    @Test func standardInputIsNamedAsLintNamesIt() throws {
        let plan = try Self.plan(file: "-")
        #expect(StepError(step: 1, PreflightFailure(.rootfsExists("/x"), SystemError(errno: ENOENT))).location(in: plan) == nil)
        let exec = try Self.step(plan) { if case .child(.exec) = $0 { true } else { false } }
        #expect(StepError(step: exec, what: "", errno: ENOENT).location(in: plan) == "<stdin>:3")
    }

    @Test func aSpecBuiltInCodeHasNoLocation() {
        let plan = Planner.plan(ContainerSpec(process: ContainerSpec.Process(args: ["/bin/true"])))
        #expect(StepError(step: plan.steps.count, what: "", errno: ENOENT).location(in: plan) == nil)
    }
}
