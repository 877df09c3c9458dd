import Foundation
import Glibc
import Testing

/// The OCI runtime commands' lifecycle as engines and the conformance suite drive it, with real containers:
/// create leaves the container waiting and exits, start lets it go, state follows it, kill signals it, delete
/// removes it, and the host is as it was.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct OCILifecycleTests {
    @Test func createWaitsStartRunsKillStopsDeleteRemoves() throws {
        let bench = try OCIBench(prefix: "oci-life")
        let id = bench.id("a")
        let bundle = try bench.bundle(script: bench.script(traps: "trap \"echo term; exit 7\" TERM; "))
        let before = try bench.hostState()
        let pidFile = bench.sandbox.path + "/pid"

        let create = bench.start(["create", "--bundle", bundle, "--pid-file", pidFile, id])
        #expect(create.wait(seconds: 30) == 0, "\(create.files.output(status: -1))")
        // The pid file: digits only, no newline (containerd parses it strictly), the process state shows.
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
        #expect(!pidText.isEmpty && pidText.allSatisfy(\.isNumber), "\(pidText.debugDescription)")
        let state = try #require(bench.state(id))
        #expect(state["status"] as? String == "created")
        #expect((state["pid"] as? Int).map(String.init) == pidText)
        #expect(state["bundle"] as? String == bundle)
        #expect(state["id"] as? String == id && state["ociVersion"] != nil && state["created"] != nil && state["owner"] != nil)
        // runc's form: RFC 3339 in UTC with nanoseconds.
        let created = try #require(state["created"] as? String)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z/) != nil && !created.hasSuffix(".000000000Z"), "\(created)")
        // Nothing of the process ran yet; no mydocker process stays between the caller and the container.
        #expect(!create.files.stdoutText.contains("up"))
        let parent = try String(contentsOfFile: "/proc/\(pidText)/stat", encoding: .utf8)
            .split(separator: ")").last?.split(separator: " ").dropFirst(1).first.map(String.init)
        let parentCommand = (try? String(contentsOfFile: "/proc/\(parent ?? "0")/cmdline", encoding: .utf8)) ?? ""
        #expect(!parentCommand.contains("mydocker"), "the container's parent is \(parentCommand)")

        // Its cgroup is there while it waits: update reaches it (engines update created containers).
        #expect(try bench.run(["update", "-r", "-", id], stdin: #"{"pids": {"limit": 33}}"#).status == 0)
        #expect(try String(contentsOfFile: "/sys/fs/cgroup/pids/mydocker-\(id)/pids.max", encoding: .utf8) == "33\n")

        // Deleting a created container without --force fails and changes nothing (the OCI runtime spec).
        let refused = try bench.run(["delete", id])
        #expect(refused.status == 1 && refused.stderr.contains("it is created"), "\(refused)")
        #expect(bench.status(id) == "created")

        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { create.files.stdoutText.contains("up\n") })
        #expect(bench.status(id) == "running")
        // The pid given is the spec's own process (once started: it waited as `mydocker init`), not an init.
        let command = try String(contentsOfFile: "/proc/\(pidText)/cmdline", encoding: .utf8)
        #expect(command.hasPrefix("/bin/sh\0-c\0"), "\(command.debugDescription)")
        let again = try bench.run(["start", id])
        #expect(again.status == 1 && again.stderr.contains("it is running"), "\(again)")
        #expect(try bench.run(["delete", id]).status == 1)

        // kill without a signal is runc's SIGTERM.
        #expect(try bench.run(["kill", id]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(create.files.stdoutText.contains("term\n"))
        #expect(bench.state(id)?["pid"] as? Int == 0)
        // runc's words, which containerd's shim looks for to take the process as gone.
        let killStopped = try bench.run(["kill", id, "KILL"])
        #expect(killStopped.status == 1 && killStopped.stderr.contains("container not running"), "\(killStopped)")
        // --all still reaches what is left in its cgroup, as runc's (podman's kill --all after a --pid=host process ended).
        #expect(try bench.run(["kill", "--all", id, "KILL"]).status == 0)

        #expect(try bench.run(["delete", id]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        #expect(bench.state(id) == nil)
        // delete --force of an ID that is gone succeeds, as runc's; without --force it fails.
        #expect(try bench.run(["delete", "--force", id]).status == 0)
        let gone = try bench.run(["delete", id])
        #expect(gone.status == 1 && gone.stderr.contains("does not exist"), "\(gone)")
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        #expect(try bench.hostState() == before)
        #expect(bench.leftoverContainers().isEmpty)
    }

    @Test func deleteForceRemovesACreatedOrRunningContainerCompletely() throws {
        let bench = try OCIBench(prefix: "oci-force")
        let bundle = try bench.bundle()
        let before = try bench.hostState()
        for (name, started) in [("created", false), ("running", true)] {
            let id = bench.id(name)
            #expect(bench.start(["create", "--bundle", bundle, id]).wait(seconds: 30) == 0)
            if started { #expect(try bench.run(["start", id]).status == 0) }
            #expect(waitUntil(seconds: 10) { !bench.leftoverProcesses().isEmpty || !started })
            #expect(try bench.run(["delete", "--force", id]).status == 0)
            #expect(bench.state(id) == nil)
        }
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        #expect(try bench.hostState() == before)
        #expect(bench.leftoverContainers().isEmpty)
    }

    @Test func killTakesNamesWithOrWithoutSigAndNumbersAndAllReachesEveryProcess() throws {
        let bench = try OCIBench(prefix: "oci-kill")
        let traps = "trap \"echo hup\" HUP; trap \"echo usr1\" USR1; trap \"exit 12\" USR2; "
        let bundle = try bench.bundle(script: traps + "echo up; while true; do sleep \(bench.marker) & wait $!; done")
        let id = bench.id("k")
        let create = bench.start(["create", "--bundle", bundle, id])
        #expect(create.wait(seconds: 30) == 0)
        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { create.files.stdoutText.contains("up\n") })
        #expect(try bench.run(["kill", id, "HUP"]).status == 0)
        #expect(waitUntil(seconds: 10) { create.files.stdoutText.contains("hup\n") })
        #expect(try bench.run(["kill", id, "SIGUSR1"]).status == 0)
        #expect(waitUntil(seconds: 10) { create.files.stdoutText.contains("usr1\n") })
        // --all: every process of the cgroup, the sleep too.
        let sleeps = bench.leftoverProcesses().count
        #expect(sleeps >= 1)
        #expect(try bench.run(["kill", "--all", id, "12"]).status == 0)  // SIGUSR2
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
        let bad = try bench.run(["kill", id, "NOSUCH"])
        #expect(bad.status != 0)
        #expect(try bench.run(["delete", id]).status == 0)
    }

    @Test func hooksRunWhenTheLifecycleSays() throws {
        let bench = try OCIBench(prefix: "oci-hooks")
        let log = bench.sandbox.path + "/hooks.log"
        func hook(_ name: String) -> [String: Any] {
            ["path": "/bin/sh", "args": ["sh", "-c", "echo \(name) $(cat | tr -d ' \\n' | grep -o '\"status\":\"[a-z]*\"') >> \(log)"]]
        }
        // startContainer runs in the container after pivot_root: it writes inside the container's root.
        let inside = bench.sandbox.rootfs + "/startContainer.log"
        try? FileManager.default.removeItem(atPath: inside)
        defer { try? FileManager.default.removeItem(atPath: inside) }
        let startContainer: [String: Any] = ["path": "/bin/sh", "args": ["sh", "-c", "echo startContainer $(cat | tr -d ' \\n' | grep -o '\"status\":\"[a-z]*\"') > /startContainer.log"]]
        let hooks: [String: Any] = [
            "createRuntime": [hook("createRuntime")], "createContainer": [hook("createContainer")], "prestart": [hook("prestart")],
            "startContainer": [startContainer], "poststart": [hook("poststart")], "poststop": [hook("poststop")],
        ]
        let id = bench.id("h")
        let bundle = try bench.bundle(extra: ["hooks": hooks])
        #expect(bench.start(["create", "--bundle", bundle, id]).wait(seconds: 30) == 0)
        let read = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        // prestart runs once start is called (the conformance suite's prestart test), not at create.
        #expect(read() == "createRuntime \"status\":\"creating\"\ncreateContainer \"status\":\"creating\"\n", "\(read())")
        #expect(!FileManager.default.fileExists(atPath: inside))
        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { ((try? String(contentsOfFile: inside, encoding: .utf8)) ?? "") == "startContainer \"status\":\"created\"\n" })
        #expect(read().hasSuffix("prestart \"status\":\"created\"\npoststart \"status\":\"running\"\n"), "\(read())")
        #expect(try bench.run(["delete", "--force", id]).status == 0)
        #expect(read().hasSuffix("poststop \"status\":\"stopped\"\n"), "\(read())")

        // A prestart hook that fails: start fails, the process never runs, the container is deleted.
        let failing = bench.id("fail")
        let marker = bench.sandbox.rootfs + "/ran"
        let failBundle = try bench.bundle("fail", args: ["/bin/touch", "/proc/../ran"], extra: ["hooks": ["prestart": [["path": "/bin/false"]]]])
        #expect(bench.start(["create", "--bundle", failBundle, failing]).wait(seconds: 30) == 0)
        let start = try bench.run(["start", failing])
        #expect(start.status == 1 && start.stderr.contains("prestart hook /bin/false exited with status 1"), "\(start)")
        #expect(bench.state(failing) == nil)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty })
    }

    @Test func aConfigWithoutProcessIsCreatedAndStartRefusesIt() throws {
        let bench = try OCIBench(prefix: "oci-noproc")
        let id = bench.id("p")
        let bundle = try bench.bundle()
        let path = bundle + "/config.json"
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        config["process"] = nil
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
        // The runtime spec: `process` is required when start is called, not at create.
        #expect(bench.start(["create", "--bundle", bundle, id]).wait(seconds: 30) == 0)
        #expect(bench.status(id) == "created")
        let start = try bench.run(["start", id])
        #expect(start.status == 1 && start.stderr.contains("has no process"), "\(start)")
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(try bench.run(["delete", id]).status == 0)
        #expect(bench.leftoverContainers().isEmpty)
    }

    /// `run` of a config with a root but no mount namespace: the process runs in the host's mount namespace (as
    /// under runc), and the mounts it made there are gone once run returns.
    @Test func aRootWithoutAMountNamespaceRunsInTheHostsAndItsMountsGoWithIt() throws {
        let bench = try OCIBench(prefix: "oci-nomnt")
        let id = bench.id("m")
        let before = try bench.hostState()
        let hostMounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8).split(separator: "\n").count
        let bundle = try bench.bundle(script: "readlink /proc/self/ns/mnt", extra: ["linux": ["namespaces": [["type": "pid"], ["type": "uts"]]]])
        let run = try bench.run(["run", "--bundle", bundle, id])
        #expect(run.status == 0, "\(run)")
        let own = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
        #expect(run.stdout == own + "\n", "\(run.stdout) \(own)")
        #expect(abs(try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8).split(separator: "\n").count - hostMounts) < 3)
        #expect(try bench.hostState() == before)
    }

    @Test func noDescriptorOfTheCallerButStdioReachesTheContainer() throws {
        let bench = try OCIBench(prefix: "oci-fds")
        let id = bench.id("f")
        let bundle = try bench.bundle(script: "ls /proc/$$/fd; true")
        // The shim's socket sits at descriptor 3 of the caller; nothing of it may cross.
        let held = open("/dev/null", O_RDONLY)
        defer { close(held) }
        let create = bench.start(["create", "--bundle", bundle, id], descriptors: [3: held, 4: held])
        #expect(create.wait(seconds: 30) == 0)
        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(create.files.stdoutText == "0\n1\n2\n", "\(create.files.stdoutText.debugDescription)")
        #expect(try bench.run(["delete", id]).status == 0)
    }

    @Test func aProcessThatDiedUnobservedIsStoppedAndCanBeDeleted() throws {
        let bench = try OCIBench(prefix: "oci-died")
        let id = bench.id("d")
        let bundle = try bench.bundle()
        #expect(bench.start(["create", "--bundle", bundle, id]).wait(seconds: 30) == 0)
        #expect(try bench.run(["start", id]).status == 0)
        let pid = try #require(bench.state(id)?["pid"] as? Int)
        kill(Int32(pid), SIGKILL)
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(try bench.run(["delete", id]).status == 0)
        #expect(bench.leftoverContainers().isEmpty)
    }
}
