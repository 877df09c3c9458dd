import Planner
import Spec
import Testing

/// Each step names the spec element it carries out, so that a failure can give its file and line.
@Suite("Planner: the spec element of each step")
struct OriginTests {
    static let spec = Specs.make(
        [.uts, .mount, .network], joined: [(.ipc, "/proc/1/ns/ipc")], hostname: "box",
        mounts: [Specs.proc, Specs.loopImage], root: Specs.rootfs
    )

    func origins(_ spec: ContainerSpec) -> [String: String?] {
        var origins: [String: String?] = [:]
        for step in Planner.plan(spec).steps where origins[step.action.name] == nil {
            origins[step.action.name] = .some(step.origin(in: spec))
        }
        return origins
    }

    @Test func stepsNameTheirElement() {
        let origins = origins(Self.spec)
        #expect(origins["setHostname"] == "/hostname")
        #expect(origins["attachLoop"] == "/mounts/1")
        #expect(origins["prepareLoopMount"] == "/mounts/1")
        #expect(origins["mount"] == "/mounts/0")
        #expect(origins["joinNamespace"] == "/linux/namespaces/3/path")
        #expect(origins["makeMountsPrivate"] == "/linux/namespaces/1")
        #expect(origins["pivotRoot"] == "/root/path")
        #expect(origins["exec"] == "/process/args")
        #expect(origins["changeDirectory"] == "/process/cwd")
    }

    @Test func theRuntimesOwnStepsNameNone() {
        let origins = origins(Self.spec)
        #expect(origins["waitForParent"] == .some(nil))
        #expect(origins["enterCgroup"] == .some(nil))
        #expect(origins["preflight"] == .some(nil))
    }

    @Test func preflightChecksNameTheirElement() {
        let spec = Self.spec
        #expect(PreflightCheck.runningAsRoot.origin(in: spec) == nil)
        #expect(PreflightCheck.namespaceSupported(.network).origin(in: spec) == "/linux/namespaces/2")
        #expect(PreflightCheck.rootfsExists("/srv/rootfs").origin(in: spec) == "/root/path")
        #expect(PreflightCheck.mountSourceExists(index: 1, path: "/srv/img.ext4").origin(in: spec) == "/mounts/1/source")
        #expect(PreflightCheck.namespacePathExists(.ipc, path: "/proc/1/ns/ipc").origin(in: spec) == "/linux/namespaces/3/path")
        #expect(PreflightCheck.securityModuleActive("SELinux").origin(in: spec) == "/process/selinuxLabel")
    }
}
