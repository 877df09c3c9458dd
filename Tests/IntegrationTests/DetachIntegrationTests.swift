import Foundation
import Glibc
import Testing

/// `mydocker apply --detach` and the commands that work on named containers, with real containers (as root):
/// a busybox root file system (Debian's busybox-static), a loop-mounted ext4 image, a user namespace.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
struct DetachIntegrationTests {
    /// A state root and a sandbox (rootfs, images) for one test.
    final class Bench: Sendable {
        let sandbox: MountSandbox
        let root: String
        /// Unique per test: `sleep MARKER` finds this test's containers in the process table.
        let marker = String(Int.random(in: 100_000...999_999))

        init() throws {
            sandbox = try MountSandbox()
            root = sandbox.path + "/state"
            try FileManager.default.createDirectory(atPath: sandbox.rootfs + "/testmount", withIntermediateDirectories: true)
        }

        /// A spec that prints `up`, one line on stderr, then sleeps; with a user namespace and a loop mount when asked.
        func spec(_ name: String = "spec.yaml", hostname: String = "detached-box", userns: Bool = false, image: String? = nil,
                  rootfs: String? = nil, script: String? = nil, args: String? = nil) throws -> String {
            var mounts = "  - {destination: /proc, type: proc, source: proc}\n"
            if let image { mounts += "  - {destination: /testmount, type: ext4, source: \(image), options: [loop]}\n" }
            var linux = "  namespaces: [\(userns ? "user, " : "")uts, pid, ipc, mount]\n"
            if userns {
                linux += "  uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\n"
                linux += "  gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]\n"
            }
            return try sandbox.write(name, """
                hostname: \(hostname)
                root:
                  path: \(rootfs ?? sandbox.rootfs)
                process:
                  args: \(args ?? "[/bin/sh, -c, '\(script ?? "echo up; echo to-stderr >&2; exec sleep \(marker)")']")
                mounts:
                \(mounts)linux:
                \(linux)
                """)
        }

        func run(_ arguments: [String]) throws -> ProcessOutput {
            try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
        }

        /// `ps --all --format json`, by name.
        func ps() throws -> [String: [String: Any]] {
            let output = try run(["ps", "--all", "--format", "json"])
            let rows = (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
            return Dictionary(rows.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { $1 })
        }

        /// Processes of this test still alive: containers (`sleep MARKER`) and monitors of this state root.
        func leftoverProcesses() -> [String] {
            HostProcesses.all().compactMap { pid, words in
                let ours = words.contains(marker) || (words.contains("monitor") && words.contains(root))
                return ours ? "\(pid): \(words.joined(separator: " "))" : nil
            }
        }

        /// The pid of the container's monitor, from its state file.
        func monitorPid(_ name: String) -> pid_t? {
            let text = (try? String(contentsOfFile: "\(root)/\(name)/state", encoding: .utf8)) ?? ""
            let line = text.split(separator: "\n").first { $0.hasPrefix("monitor.pid=") }
            return line.flatMap { pid_t($0.dropFirst("monitor.pid=".count)) }
        }

        func containerDirectories() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0 != ".lock" }
        }

        deinit {
            // Whatever a failed test left running.
            if let names = try? ps().keys { _ = try? run(["rm", "--force"] + names) }
        }
    }

    @Test func detachPsLogsKillRm() throws {
        let bench = try Bench()
        let started = try bench.run(["apply", "--detach", "--name", "box", try bench.spec()])
        #expect(started == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        let row = try #require(try bench.ps()["box"])
        #expect(row["status"] as? String == "running")
        let pid = try #require(row["pid"] as? Int)
        #expect(kill(pid_t(pid), 0) == 0)
        #expect(row["spec"] as? String == bench.sandbox.path + "/spec.yaml")
        let table = try bench.run(["ps"]).stdout.split(separator: "\n")
        #expect(table.count == 2)
        #expect(table.last?.split(separator: " ", omittingEmptySubsequences: true).prefix(2) == ["box", Substring(String(pid))])
        #expect(table.last?.contains("   \"/bin/sh -c echo up;…\"   running   ") == true, "\(table)")
        // logs keeps the streams apart: what the container wrote to stderr goes to logs' stderr.
        #expect(try waitUntil(seconds: 30) { try bench.run(["logs", "box"]) == ProcessOutput(status: 0, stdout: "up\n", stderr: "to-stderr\n") })

        // The older form, `kill NAME SIGNAL` (docker's kill, without a signal, sends SIGKILL).
        let killed = try bench.run(["kill", "box", "TERM"])
        #expect(killed == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        // kill returns once the signal is sent: ps says running until the process is gone, then (waiting for
        // the monitor's record, see psWaitsForTheMonitorToRecordTheEnd) how it ended.
        #expect(try waitUntil(seconds: 30) { try bench.ps()["box"]?["statusText"] as? String == "killed by SIGTERM" })
        #expect(try bench.ps()["box"]?["status"] as? String == "exited")
        #expect(try bench.run(["ps"]).stdout.split(separator: "\n").count == 1)
        let followed = try bench.run(["logs", "--follow", "box"])
        #expect(followed == ProcessOutput(status: 0, stdout: "up\n", stderr: "to-stderr\n"))
        let again = try bench.run(["kill", "box"])
        #expect(again == ProcessOutput(status: 1, stdout: "", stderr: "mydocker kill: container box is not running\n"))

        #expect(try bench.run(["rm", "box"]) == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        #expect(try bench.ps().isEmpty)
        #expect(bench.containerDirectories().isEmpty)
        #expect(try bench.run(["logs", "box"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker logs: no such container: box\n"))
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func execEntersTheDetachedContainer() throws {
        let bench = try Bench()
        let content = try bench.sandbox.makeDirectory("content")
        try "hello\n".write(toFile: content + "/hello.txt", atomically: false, encoding: .utf8)
        let image = try bench.sandbox.makeImage("data.img", mkfsArguments: ["-d", content])
        let started = try bench.run(["apply", "-d", "--name", "box", try bench.spec(userns: true, image: image)])
        #expect(started.status == 0, "\(started)")
        defer { _ = try? bench.run(["rm", "--force", "box"]) }
        let pid = try #require(try bench.ps()["box"]?["pid"] as? Int)

        let host = HostSnapshot.hostname()
        #expect(host != "detached-box")
        #expect(try bench.run(["exec", "box", "--", "hostname"]) == ProcessOutput(status: 0, stdout: "detached-box\n", stderr: ""))
        #expect(HostSnapshot.hostname() == host)

        let shellPid = try bench.run(["exec", "box", "--", "sh", "-c", "echo $$"])
        let inside = try #require(Int(shellPid.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(inside > 1 && inside < 100, "a pid of the container's pid namespace, not the host's: \(inside)")

        let map = try bench.run(["exec", "box", "--", "cat", "/proc/self/uid_map"])
        #expect(map.stdout.split(whereSeparator: \.isWhitespace) == ["0", "100000", "65536"])
        #expect(map.stdout == (try String(contentsOfFile: "/proc/\(pid)/uid_map", encoding: .utf8)))

        #expect(try bench.run(["exec", "box", "--", "ls", "/testmount"]).stdout == "hello.txt\nlost+found\n")
        #expect(try bench.run(["exec", "box", "--", "cat", "/testmount/hello.txt"]).stdout == "hello\n")
        #expect(try bench.run(["exec", "box", "--", "sh", "-c", "exit 5"]).status == 5)

        #expect(try bench.run(["rm", "--force", "box"]).status == 0)
        #expect(waitUntil(seconds: 30) { HostSnapshot.loopDevices(of: image).isEmpty })
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func killMinus9IsReportedAsSignal9() throws {
        let bench = try Bench()
        #expect(try bench.run(["apply", "-d", "--name", "victim", try bench.spec()]).status == 0)
        let pid = try #require(try bench.ps()["victim"]?["pid"] as? Int)
        #expect(kill(pid_t(pid), SIGKILL) == 0)
        // As above: the process may still be dying when ps first looks.
        #expect(try waitUntil(seconds: 30) { try bench.ps()["victim"]?["signal"] as? Int == 9 })
        let row = try #require(try bench.ps()["victim"])
        #expect(row["status"] as? String == "exited")
        #expect(row["signal"] as? Int == 9)
        #expect(row["signalName"] as? String == "SIGKILL")
        #expect(try bench.run(["ps", "-a"]).stdout.contains(" killed by SIGKILL "))
        #expect(try bench.run(["rm", "victim"]).status == 0)
        #expect(bench.leftoverProcesses().isEmpty)
    }

    /// Between a container's death and its monitor's record of it, ps waits for the monitor rather than saying
    /// "exited (unknown status)". The monitor is stopped here to hold that moment open.
    @Test func psWaitsForTheMonitorToRecordTheEnd() throws {
        let bench = try Bench()
        #expect(try bench.run(["apply", "-d", "--name", "held", try bench.spec()]).status == 0)
        let pid = try #require(try bench.ps()["held"]?["pid"] as? Int)
        let monitor = try #require(bench.monitorPid("held"))
        #expect(kill(monitor, SIGSTOP) == 0)
        defer { kill(monitor, SIGCONT) }
        #expect(kill(pid_t(pid), SIGKILL) == 0)
        // Dead (a zombie its stopped parent cannot reap): the state still says running.
        #expect(waitUntil(seconds: 30) { StateCLI.processState(of: pid_t(pid)) ?? "Z" == "Z" })

        let ps = ProcessRunner.start([MyDockerBinary.path, "ps", "--root", bench.root, "--all", "--format", "json"])
        usleep(300_000)
        #expect(ps.poll() == nil, "ps must wait for the live monitor, not print: \(ps.stdout)")
        #expect(kill(monitor, SIGCONT) == 0)
        #expect(ps.wait(seconds: 10) == 0)
        let rows = (try JSONSerialization.jsonObject(with: Data(ps.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(rows.first?["statusText"] as? String == "killed by SIGKILL", "\(ps.stdout)")
        ps.files.remove()
        #expect(try bench.run(["rm", "held"]).status == 0)
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func namesAreUniqueUntilRemoved() throws {
        let bench = try Bench()
        let spec = try bench.spec()
        #expect(try bench.run(["apply", "-d", "--name", "dup", spec]).status == 0)
        let second = try bench.run(["apply", "-d", "--name", "dup", spec])
        #expect(second == ProcessOutput(status: 125, stdout: "", stderr: "mydocker apply: the name \"dup\" is already in use by a running container\n"))
        #expect(try bench.run(["kill", "dup", "KILL"]).status == 0)
        #expect(try waitUntil(seconds: 30) { try bench.ps()["dup"]?["status"] as? String == "exited" })
        let third = try bench.run(["apply", "-d", "--name", "dup", spec])
        #expect(third.stderr == "mydocker apply: the name \"dup\" is already in use by a stopped container: remove it first with `mydocker rm dup`\n")
        #expect(try bench.run(["rm", "dup"]).status == 0)
        #expect(try bench.run(["apply", "-d", "--name", "dup", spec]).status == 0)

        let generated = try bench.run(["apply", "-d", spec])
        #expect(generated.status == 0)
        let name = generated.stdout.trimmingCharacters(in: .newlines)
        #expect(name.range(of: "^[a-z]+_[a-z]+$|^mydocker-[0-9a-f]{6}$", options: .regularExpression) != nil, "\(name)")
        #expect(try bench.ps()[name]?["status"] as? String == "running")
        let invalid = try bench.run(["apply", "-d", "--name", "-bad", spec])
        #expect(invalid.status != 0)
        // `--name -bad` is a usage error (the value looks like an option); `--name=-bad` reaches the name check.
        #expect(invalid.status == 125 && invalid.stdout == "", "\(invalid)")
        #expect(invalid.stderr.hasPrefix("mydocker apply: Missing value for '--name <name>'\n"), "\(invalid)")
        let problems = [
            "-bad": "a name starts with a letter or a digit",
            "a/b": "a name holds only letters, digits, \"_\", \".\" and \"-\"",
            String(repeating: "n", count: 65): "a name has at most 64 characters",
        ]
        for (bad, problem) in problems {
            let refused = try bench.run(["apply", "-d", "--name=\(bad)", spec])
            #expect(refused == ProcessOutput(status: 125, stdout: "", stderr: "mydocker apply: invalid container name \"\(bad)\": \(problem)\n"))
        }
        #expect(bench.containerDirectories().sorted() == ["dup", name].sorted(), "an invalid name left state behind")
        #expect(try bench.run(["rm", "--force", "dup", name]).status == 0)
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func foregroundApplyWithANameIsRecorded() throws {
        let bench = try Bench()
        let spec = try bench.spec(script: "echo hello from $(hostname); exit 3")
        let run = try bench.run(["apply", "--name", "fg", spec])
        #expect(run == ProcessOutput(status: 3, stdout: "hello from detached-box\n", stderr: ""))
        let row = try #require(try bench.ps()["fg"])
        #expect(row["statusText"] as? String == "exited 3")
        #expect(row["log"] is NSNull)
        #expect(try bench.run(["logs", "fg"]).status == 1)
        #expect(try bench.run(["rm", "fg"]).status == 0)
    }

    @Test func aContainerThatCannotStartLeavesNoState() throws {
        let bench = try Bench()
        let missing = bench.sandbox.path + "/no-such-rootfs"
        let spec = try bench.spec(rootfs: missing)
        let run = try bench.run(["apply", "-d", "--name", "broken", spec])
        #expect(run.status == 125)
        #expect(run.stdout == "")
        // The monitor names the spec element as apply does in the foreground: the line of root.path.
        let line = try String(contentsOfFile: spec, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(missing) }.map { $0 + 1 } ?? 0
        #expect(run.stderr.hasPrefix("mydocker apply: container broken did not start: \(spec):\(line): step "), "\(run)")
        #expect(run.stderr.hasSuffix("(preflight: rootfs \(missing) exists): No such file or directory\n"))
        #expect(bench.containerDirectories().isEmpty)
        #expect(bench.leftoverProcesses().isEmpty)
        // As in the foreground: 127 when the command is not found, 126 when it cannot be executed (docker run -d too).
        let notFound = try bench.run(["apply", "-d", "--name", "broken", try bench.spec(args: "[/no/such/program]")])
        #expect(notFound.status == 127, "\(notFound)")
        #expect(notFound.stderr.contains("execve /no/such/program"))
        #expect(bench.containerDirectories().isEmpty)
        let notExecutable = try bench.run(["apply", "-d", "--name", "broken", try bench.spec(args: "[/etc/passwd]")])
        #expect(notExecutable.status == 126, "\(notExecutable)")
        #expect(notExecutable.stderr.hasSuffix("(execve /etc/passwd): Permission denied\n"), "\(notExecutable)")
        #expect(bench.containerDirectories().isEmpty)
        #expect(bench.leftoverProcesses().isEmpty)
    }

    @Test func stateSurvivesACrashOfItsWriter() throws {
        let bench = try Bench()
        #expect(try bench.run(["apply", "-d", "--name", "orphan", try bench.spec()]).status == 0)
        let state = try String(contentsOfFile: bench.root + "/orphan/state", encoding: .utf8)
        let monitor = try #require(state.split(separator: "\n").first { $0.hasPrefix("monitor.pid=") }.flatMap { Int32($0.dropFirst(12)) })
        // The monitor dies without a word; its container goes with it (parent-death signal).
        #expect(kill(monitor, SIGKILL) == 0)
        #expect(try waitUntil(seconds: 30) { try bench.ps()["orphan"]?["status"] as? String == "exited" })
        let row = try #require(try bench.ps()["orphan"])
        #expect(row["statusText"] as? String == "exited (unknown status)")
        #expect(try bench.run(["rm", "orphan"]).status == 0)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty })
    }

    @Test func twentyConcurrentContainersLeaveNothingBehind() throws {
        let bench = try Bench()
        let count = 20
        var specs: [String] = []
        var images: [String] = []
        for index in 0..<count {
            let image = try bench.sandbox.makeImage("img\(index)", megabytes: 8)
            images.append(image)
            specs.append(try bench.spec("spec\(index).yaml", image: image))
        }
        let allSpecs = specs
        // A reader that never sees a half-written state while everything churns.
        let stop = StopFlag()
        let reader = Thread {
            while !stop.isSet {
                let output = (try? bench.run(["ps", "--all", "--format", "json"]))
                stop.record(output)
            }
        }
        reader.start()
        let results = ResultBox(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, (try? bench.run(["apply", "--detach", "--name", "c\(index)", allSpecs[index]]))?.status ?? -1)
        }
        #expect(results.values == Array(repeating: 0, count: count))
        let running = try bench.ps().values.filter { $0["status"] as? String == "running" }
        #expect(running.count == count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, (try? bench.run(["rm", "--force", "c\(index)"]))?.status ?? -1)
        }
        stop.set()
        while !stop.readerDone { usleep(10_000) }
        #expect(results.values == Array(repeating: 0, count: count))
        #expect(bench.containerDirectories().isEmpty)
        #expect(bench.leftoverProcesses().isEmpty)
        #expect(waitUntil(seconds: 30) { images.allSatisfy { HostSnapshot.loopDevices(of: $0).isEmpty } })
        #expect(stop.badReads.isEmpty, "ps saw: \(stop.badReads.prefix(3))")
        #expect(stop.reads > 0)
    }

    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private(set) var readerDone = false
        private(set) var reads = 0
        private(set) var badReads: [String] = []
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
        func set() { lock.lock(); stopped = true; lock.unlock() }
        func record(_ output: ProcessOutput?) {
            lock.lock()
            defer { lock.unlock() }
            reads += 1
            guard let output, output.status == 0,
                  let rows = try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] else {
                badReads.append(output.map { "\($0.status) \($0.stdout) \($0.stderr)" } ?? "did not run")
                return
            }
            for row in rows where row["status"] as? String == "unknown" {
                badReads.append("\(row["name"] ?? "?"): \(row["error"] ?? "?")")
            }
            if stopped { readerDone = true }
        }
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Int32]
        init(count: Int) { storage = Array(repeating: -2, count: count) }
        func set(_ index: Int, _ value: Int32) { lock.lock(); storage[index] = value; lock.unlock() }
        var values: [Int32] { lock.lock(); defer { lock.unlock() }; return storage }
    }
}
