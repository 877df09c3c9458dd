import Foundation
import Planner
import Spec
import Testing

@Suite("Planner: text and JSON rendering")
struct RenderingTests {
    @Test func textIsANumberedListWithActors() {
        let plan = Planner.plan(Specs.make([.uts, .pid, .mount], hostname: "box"))
        #expect(plan.renderText() == """
               1  parent  preflight: running as root, uts, pid, mount namespaces supported
               2  parent  clone(CLONE_NEWUTS|CLONE_NEWPID|CLONE_NEWNS)
               3  parent  create cgroup /mydocker-CONTAINER
               4  parent  move the child into its cgroup
               5  child   wait for the parent
               6  child   sethostname "box"
               7  child   mount --make-rprivate /
               8  child   setgroups(), setgid(0), setuid(0)
               9  child   umask 0022
              10  child   chdir /
              11  child   set environment: PATH=/bin
              12  child   start init as PID 1 (forwards signals, reaps orphans)
              13  child   execve /bin/sh -c "echo hi"

            """)
    }

    @Test func numbersAreRightAlignedToTheWidestOne() {
        let plan = Planner.plan(Specs.make([.user, .mount], hostname: "h", mounts: [Specs.proc], root: Specs.rootfs,
                                           uidMappings: [.init(containerID: 0, hostID: 1, size: 1)]))
        let lines = plan.renderText().split(separator: "\n")
        #expect(lines.count == plan.steps.count)
        #expect(lines.first?.hasPrefix("   1  parent  preflight: ") == true)
        #expect(lines.last == #"  \#(plan.steps.count)  child   execve /bin/sh -c "echo hi""#)
    }

    @Test func jsonParsesAndCarriesEveryStep() throws {
        let plan = Planner.plan(Specs.make([.user, .uts], hostname: "box", mounts: [Specs.loopImage],
                                           uidMappings: [.init(containerID: 100, hostID: 200, size: 1)], file: "specs/user.yaml"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(plan.renderJSON().utf8)) as? [String: Any])
        #expect(root["spec"] as? String == "specs/user.yaml")
        let steps = try #require(root["steps"] as? [[String: Any]])
        #expect(steps.count == plan.steps.count)
        for (json, step) in zip(steps, plan.steps) {
            #expect(json["number"] as? Int == step.number)
            #expect(json["actor"] as? String == step.actor.rawValue)
            #expect(json["action"] as? String == step.action.name)
            #expect(json["description"] as? String == step.action.description)
        }
        let attach = try #require(steps.first { $0["action"] as? String == "attachLoop" })
        #expect(attach["mount"] as? Int == 0)
        #expect(attach["image"] as? String == "/srv/img.ext4")
        #expect(attach["readOnly"] as? Bool == true)
        let clone = try #require(steps.first { $0["action"] as? String == "createNamespaces" })
        #expect(clone["namespaces"] as? [String] == ["user", "uts"])
        let map = try #require(steps.first { $0["action"] as? String == "writeUIDMap" })
        #expect(map["mappings"] as? [[String: Int]] == [["containerID": 100, "hostID": 200, "size": 1]])
        let mount = try #require(steps.first { $0["action"] as? String == "mount" })
        #expect(mount["index"] as? Int == 0)
        #expect(mount["destination"] as? String == "/mnt/img")
        #expect(mount["source"] as? String == "img.ext4")
        #expect(mount["resolvedSource"] as? String == "/srv/img.ext4")
        #expect(mount["options"] as? [String] == ["loop", "ro", "noatime"])
        let preflight = try #require(steps.first?["checks"] as? [[String: Any]])
        #expect(preflight.map { $0["check"] as? String } == ["runningAsRoot", "namespaceSupported", "namespaceSupported", "mountSourceExists"])
    }

    @Test func jsonEscapesQuotesBackslashesNewlinesAndControls() throws {
        let nasty = "a\"b\\c\nd\te\r\u{08}\u{0C}\u{01}\u{1F}é/</script>"
        let spec = Specs.make([.uts], hostname: nasty, args: ["/bin/echo", nasty], file: "we\"ird\n.yaml")
        let text = Planner.plan(spec).renderJSON()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["spec"] as? String == "we\"ird\n.yaml")
        let steps = try #require(root["steps"] as? [[String: Any]])
        let hostname = try #require(steps.first { $0["action"] as? String == "setHostname" })
        #expect(hostname["hostname"] as? String == nasty)
        #expect(hostname["description"] as? String == Action.child(.setHostname(nasty)).description)
        #expect(steps.last?["args"] as? [String] == ["/bin/echo", nasty])
        #expect(text.contains(#""a\"b\\c\nd\te\r\b\f\u0001\u001fé/</script>""#))
    }

    @Test func jsonTimeOffsetsAndIdentityUseTheOCINames() throws {
        let offsets = ContainerSpec.TimeOffsets(monotonic: .init(secs: -86400, nanosecs: 5))
        let spec = Specs.make([.time], user: .init(uid: 1, gid: 2, additionalGids: [3]), timeOffsets: offsets)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(Planner.plan(spec).renderJSON().utf8)) as? [String: Any])
        let steps = try #require(root["steps"] as? [[String: Any]])
        let time = try #require(steps.first { $0["action"] as? String == "writeTimeOffsets" })
        #expect(time["timeOffsets"] as? [String: [String: Int]] == ["monotonic": ["secs": -86400, "nanosecs": 5]])
        let identity = try #require(steps.first { $0["action"] as? String == "setIdentity" })
        #expect(identity["uid"] as? Int == 1)
        #expect(identity["gid"] as? Int == 2)
        #expect(identity["additionalGids"] as? [Int] == [3])
    }

    @Test func mountKeysTheSpecLeavesOutAreLeftOut() throws {
        let tmpfs = ContainerSpec.Mount(destination: "/tmp", type: "tmpfs", options: ["size=1m"])
        let untyped = ContainerSpec.Mount(destination: "/h", source: "/home", options: ["rbind"])
        let text = Planner.plan(Specs.make([.mount], mounts: [tmpfs, untyped])).renderJSON()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let mounts = try #require(root["steps"] as? [[String: Any]]).filter { $0["action"] as? String == "mount" }
        #expect(mounts.map { $0.keys.sorted() } == [
            ["action", "actor", "description", "destination", "index", "number", "options", "type"],
            ["action", "actor", "description", "destination", "index", "number", "options", "resolvedSource", "source"],
        ])
    }

    @Test func stepJSONStartsWithNumberActorActionDescription() {
        let step = Step(number: 7, action: .child(.setHostname("box")))
        #expect(step.json.rendered() == #"""
            {
              "number": 7,
              "actor": "child",
              "action": "setHostname",
              "description": "sethostname \"box\"",
              "hostname": "box"
            }
            """#)
    }
}
