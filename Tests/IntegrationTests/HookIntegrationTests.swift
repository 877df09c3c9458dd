import Foundation
import Glibc
import Testing

/// `hooks` on real containers (as root): each stage runs where and when the OCI spec says, with the state on its
/// input; a failing hook before the process starts stops the run and leaves nothing behind, a failing poststart
/// or poststop hook is a warning.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct HookIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    /// A hook that saves its input as NAME.json and its view as NAME.txt (its root's /etc/hostname marker, cgroup).
    func saving(_ name: String, into folder: String) -> String {
        #"{path: /bin/sh, args: [sh, -c, "cat > \#(folder)/\#(name).json; ls / > \#(folder)/\#(name).txt"]}"#
    }

    func state(_ name: String, in folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name + ".json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name).json")
    }

    @Test func everyStageRunsWithTheStateOnItsInput() throws {
        let before = try HostSnapshot.now()
        let out = sandbox.path
        try "marker".write(toFile: sandbox.rootfs + "/in-the-root", atomically: false, encoding: .utf8)
        let spec = try sandbox.write("hooks.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/true]
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux:
              namespaces: [pid, mount, uts]
            annotations: {team: web}
            hooks:
              prestart: [\(saving("prestart", into: out))]
              createRuntime: [\(saving("createRuntime", into: out))]
              createContainer: [\(saving("createContainer", into: out))]
              startContainer: [{path: /bin/sh, args: [sh, -c, "cat > /tmp/startContainer.json; ls / > /tmp/startContainer.txt"]}]
              poststart: [\(saving("poststart", into: out))]
              poststop: [\(saving("poststop", into: out))]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        try FileManager.default.moveItem(atPath: sandbox.rootfs + "/tmp/startContainer.json", toPath: out + "/startContainer.json")
        // prestart reads `created`, as runc and crun give it (the conformance suite's hooks_stdin checks it).
        let statuses = ["prestart": "created", "createRuntime": "creating", "createContainer": "creating",
                        "startContainer": "created", "poststart": "running", "poststop": "stopped"]
        for (stage, status) in statuses {
            let json = try state(stage, in: out)
            #expect(json["status"] as? String == status, "\(stage): \(json)")
            #expect((json["id"] as? String)?.hasPrefix("apply-") == true, "\(stage)")
            #expect(json["bundle"] as? String == sandbox.path, "\(stage)")
            #expect((json["annotations"] as? [String: String]) == ["team": "web"], "\(stage)")
            #expect(json["ociVersion"] as? String != nil)
            if status != "stopped" { #expect((json["pid"] as? Int ?? 0) > 1, "\(stage): \(json)") }
        }
        // The runtime's hooks see the host's root; startContainer sees the container's.
        let hostView = try String(contentsOfFile: out + "/createRuntime.txt", encoding: .utf8)
        #expect(!hostView.contains("in-the-root"))
        let containerView = try String(contentsOfFile: sandbox.rootfs + "/tmp/startContainer.txt", encoding: .utf8)
        #expect(containerView.contains("in-the-root"))
        #expect(try HostSnapshot.now() == before)
    }

    @Test(arguments: [
        ("createRuntime", #"{path: /bin/sh, args: [sh, -c, "exit 3"]}"#, "createRuntime hook /bin/sh exited with status 3"),
        ("createRuntime", #"{path: /bin/sleep, args: [sleep, "30"], timeout: 1}"#, "createRuntime hook /bin/sleep timed out after 1 s and was killed"),
        ("createContainer", #"{path: /no/such/hook}"#, "createContainer hook /no/such/hook cannot run it"),
        ("startContainer", #"{path: /bin/false}"#, "startContainer hook /bin/false exited with status 1"),
    ])
    func aFailingHookBeforeTheProcessStopsTheRun(stage: String, hook: String, message: String) throws {
        let before = try HostSnapshot.now()
        let out = sandbox.path
        let spec = try sandbox.write("failing.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/sh, -c, "echo the process ran"]
            linux:
              namespaces: [pid, mount]
            hooks:
              \(stage): [\(hook)]
              poststop: [\(saving("poststop", into: out))]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stdout.contains("the process ran"))
        #expect(FileManager.default.fileExists(atPath: out + "/poststop.json"), "poststop ran once the container was gone")
        #expect(try HostSnapshot.now() == before)
        sandbox.expectNoLeaks()
    }

    @Test func aFailingPoststartHookIsAWarning() throws {
        let spec = try sandbox.write("poststart.yaml", """
            process:
              args: [/bin/sh, -c, "echo ran"]
            linux:
              namespaces: [uts]
            hooks:
              poststart: [{path: /bin/false}]
              poststop: [{path: /bin/sh, args: [sh, -c, "exit 4"]}]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "ran\n")
        #expect(run.stderr == "mydocker: warning: poststart hook /bin/false exited with status 1\nmydocker: warning: poststop hook /bin/sh exited with status 4\n")
    }
}
