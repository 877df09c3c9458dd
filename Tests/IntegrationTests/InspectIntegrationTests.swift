import Foundation
import Glibc
import Testing

/// `mydocker inspect` as docker's: a JSON array, with real containers (as root) and with states written by hand.
@Suite(.serialized) struct InspectIntegrationTests {
    @Test(.enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
    func aRunningContainerThenItsEnd() throws {
        let bench = try LifecycleBench(prefix: "inspect")
        let box = bench.name("box")
        let content = try bench.sandbox.makeDirectory("content")
        let image = try bench.sandbox.makeImage("data.img", mkfsArguments: ["-d", content])
        try FileManager.default.createDirectory(atPath: bench.sandbox.rootfs + "/data", withIntermediateDirectories: true)
        let spec = try bench.spec(hostname: "inspected", userns: true, mounts: LifecycleBench.defaultMounts + [
            "{destination: /data, type: ext4, source: data.img, options: [loop, ro]}",
        ])
        let started = try bench.run(["apply", "-d", "--name", box, spec, "--", "/bin/sh", "-c", bench.script()])
        #expect(started.status == 0, "\(started)")
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 1 })

        let output = try bench.run(["inspect", box])
        #expect(output.status == 0 && output.stderr == "", "\(output)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        let object = try #require(objects.first)
        #expect(object["Name"] as? String == box)
        #expect(object["Path"] as? String == "/bin/sh")
        #expect(object["Args"] as? [String] == ["-c", bench.script()])
        #expect(object["Hostname"] as? String == "inspected")
        let state = try #require(object["State"] as? [String: Any])
        let pid = try #require(try bench.ps()[box]?["pid"] as? Int)
        #expect(state["Status"] as? String == "running")
        #expect(state["Running"] as? Bool == true && state["Paused"] as? Bool == false && state["OOMKilled"] as? Bool == false)
        #expect(state["Pid"] as? Int == pid)
        #expect(state["ExitCode"] as? Int == 0)
        #expect(state["FinishedAt"] as? String == "0001-01-01T00:00:00Z")
        let startedAt = try #require(state["StartedAt"] as? String)
        #expect(startedAt.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil, "\(startedAt)")

        // Every process of its cgroup: its init, the shell, the sleep.
        let pids = try #require(object["Pids"] as? [Int])
        #expect(pids.contains(pid) && pids.count == 3)
        #expect(bench.markerPids().isSubset(of: Set(pids)))
        #expect(object["Cgroup"] as? String == "/mydocker-" + box)

        // The spec: where it was applied from, and the digest of its bytes then.
        let specObject = try #require(object["Spec"] as? [String: Any])
        #expect(specObject["Path"] as? String == spec)
        let sum = try ProcessRunner.run(["sha256sum", spec]).stdout.split(separator: " ").first.map(String.init)
        #expect(specObject["Digest"] as? String == "sha256:" + (sum ?? "?"))

        let mounts = try #require(object["Mounts"] as? [[String: Any]])
        #expect(mounts.map { $0["Destination"] as? String } == ["/proc", "/dev", "/data"])
        #expect(mounts.last?["Source"] as? String == image)
        #expect(mounts.last?["Type"] as? String == "ext4")
        #expect(mounts.last?["RW"] as? Bool == false)
        #expect(mounts.last?["Options"] as? [String] == ["loop", "ro"])

        let namespaces = try #require(object["Namespaces"] as? [[String: Any]])
        #expect(namespaces.map { $0["Type"] as? String } == ["user", "uts", "pid", "ipc", "mount"])
        for namespace in namespaces {
            let file = (namespace["Type"] as? String) == "mount" ? "mnt" : namespace["Type"] as? String ?? "?"
            let id = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(file)")
            #expect(namespace["Id"] as? String == id)
            #expect(id != (try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/\(file)")), "a namespace of its own")
            #expect(namespace["Path"] is NSNull)
        }

        #expect(try bench.run(["kill", box]).status == 0)
        #expect(try bench.run(["wait", box]).stdout == "137\n")
        let ended = try #require(try bench.inspect([box]).first)
        let endedState = try #require(ended["State"] as? [String: Any])
        #expect(endedState["Status"] as? String == "exited")
        #expect(endedState["Running"] as? Bool == false)
        #expect(endedState["Pid"] as? Int == 0)
        #expect(endedState["ExitCode"] as? Int == 137)
        #expect(endedState["Signal"] as? String == "SIGKILL")
        #expect(endedState["Description"] as? String == "killed by SIGKILL")
        #expect(endedState["FinishedAt"] as? String != "0001-01-01T00:00:00Z")
        #expect(ended["Pids"] as? [Int] == [])
        #expect((ended["Namespaces"] as? [[String: Any]])?.allSatisfy { $0["Id"] is NSNull } == true)
        #expect(try bench.run(["rm", box]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    /// States written by hand: an OOM kill, a failed start, an unknown name among known ones.
    @Test func recordedEndsAndUnknownNames() throws {
        let state = try Scratch()
        let root = state.path
        let now = Int(time(nil))
        try StateCLI.writeState(root: root, name: "oom", lines: [
            "status=exited", "created=\(now - 60)", "started=\(now - 59)", "finished=\(now - 1)", "exit.signal=9", "exit.oom=1",
            "memory.limit=1048576", "args=/bin/eat", "args=memory",
        ])
        try StateCLI.writeState(root: root, name: "failed", lines: [
            "status=exited", "created=\(now)", "error=step 5 (mount /data): No such file or directory",
        ])
        for name in ["oom", "failed"] { try "hostname: \(name)\n".write(toFile: "\(root)/\(name)/spec", atomically: true, encoding: .utf8) }

        let output = try StateCLI.run(["inspect", "--root", root, "oom", "nobody", "failed"])
        #expect(output.status == 1)
        #expect(output.stderr == "mydocker inspect: no such container: nobody\n")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["Name"] as? String } == ["oom", "failed"])
        let oom = try #require(objects.first?["State"] as? [String: Any])
        #expect(oom["OOMKilled"] as? Bool == true)
        #expect(oom["ExitCode"] as? Int == 137)
        #expect(oom["Description"] as? String == "killed by the OOM killer (memory limit 1 MiB)")
        #expect(objects.first?["Path"] as? String == "/bin/eat")
        #expect(objects.first?["Args"] as? [String] == ["memory"])
        #expect(objects.first?["Hostname"] as? String == "oom")
        let failed = try #require(objects.last?["State"] as? [String: Any])
        #expect(failed["Error"] as? String == "step 5 (mount /data): No such file or directory")
        #expect(failed["ExitCode"] as? Int == 125)
        #expect(failed["StartedAt"] as? String == "0001-01-01T00:00:00Z")
        #expect(objects.last?["Path"] as? String == "", "neither the state nor the spec names a command")

        let none = try StateCLI.run(["inspect", "--root", root, "nobody"])
        #expect(none == ProcessOutput(status: 1, stdout: "[]\n", stderr: "mydocker inspect: no such container: nobody\n"))
    }
}
