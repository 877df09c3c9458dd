import Foundation
import Glibc
import Testing

/// The rest of the OCI runtime command line with real containers: run, exec (runc's flags), list, ps ID, update,
/// features, the global --log/--log-format, the console socket, and the one store apply's containers share.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct OCICommandsTests {
    @Test func runInTheForegroundGivesTheExitStatusAndLeavesNothing() throws {
        let bench = try OCIBench(prefix: "oci-run")
        let before = try bench.hostState()
        let bundle = try bench.bundle(script: "echo out; echo err >&2; exit 3")
        let output = try bench.run(["run", "--bundle", bundle, bench.id("f")])
        #expect(output == ProcessOutput(status: 3, stdout: "out\n", stderr: "err\n"), "\(output)")
        // The bundle defaults to the current folder.
        let here = try bench.run(["run", bench.id("g")], directory: bundle)
        #expect(here.status == 3)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    /// The container joins a new session keyring named after it, searchable by its user (runc's 3f1b0000), so the
    /// caller's keys do not reach it; --no-new-keyring keeps the caller's.
    @Test func theContainerGetsASessionKeyringOfItsOwnUnlessToldNot() throws {
        let bench = try OCIBench(prefix: "oci-key")
        let bundle = try bench.bundle(args: ["/bin/cat", "/proc/keys"])
        let own = try bench.run(["run", "--bundle", bundle, bench.id("k")])
        #expect(own.status == 0, "\(own)")
        let line = own.stdout.split(separator: "\n").first { $0.hasSuffix(" keyring   \(bench.id("k")): empty") }
        #expect(line?.contains(" perm 3f1b0000 ") == true, "\(own)")
        let kept = try bench.run(["run", "--no-new-keyring", "--bundle", bundle, bench.id("n")])
        #expect(kept.status == 0, "\(kept)")
        #expect(!kept.stdout.contains(" \(bench.id("n")): "), "\(kept)")
        #expect(bench.leftoverContainers().isEmpty)
    }

    /// --no-pivot enters the root by MS_MOVE and chroot, as runc's does (for a root on a ramdisk): the container sees
    /// its own root and mounts, and leaves nothing behind.
    @Test func noPivotEntersTheRootByMoveAndChroot() throws {
        let bench = try OCIBench(prefix: "oci-np")
        let before = try bench.hostState()
        let bundle = try bench.bundle(args: ["/bin/sh", "-c", "cat /etc/os-release 2>/dev/null; ls /; grep -c ' /proc ' /proc/self/mountinfo; exit 4"])
        let moved = try bench.run(["run", "--no-pivot", "--bundle", bundle, bench.id("m")])
        let pivoted = try bench.run(["run", "--bundle", bundle, bench.id("p")])
        #expect(moved.status == 4 && moved.stderr.isEmpty, "\(moved)")
        #expect(moved.stdout == pivoted.stdout, "\(moved) \(pivoted)")
        #expect(moved.stdout.hasSuffix("\n1\n"), "\(moved)")
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    /// exec reaches a container made by create before it is started, as runc's does: the command runs in its
    /// namespaces and root while its process waits; start then runs the process as usual.
    @Test func execReachesAContainerThatIsOnlyCreated() throws {
        let bench = try OCIBench(prefix: "oci-exc")
        let before = try bench.hostState()
        let bundle = try bench.bundle(args: ["/bin/sh", "-c", "exit 7"])
        let id = bench.id("c")
        let create = ProcessRunner.spawnAndWait([MyDockerBinary.path, "--root", bench.root, "create", "--bundle", bundle, id])
        #expect(create.status == 0, "\(create)")
        let exec = try bench.run(["exec", id, "/bin/sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '"])
        #expect(exec.status == 0 && exec.stdout.hasPrefix("oci\n"), "\(exec)")
        #expect(bench.status(id) == "created")
        #expect(try bench.run(["start", id]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.status(id) == "stopped" })
        #expect(try bench.run(["delete", id]).status == 0)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    /// mydocker's `network` section is apply's: create and run refuse it at its line, before any change, since the
    /// engine makes an OCI container's network.
    @Test func theNetworkSectionIsRefusedUnderTheOCICommands() throws {
        let bench = try OCIBench(prefix: "oci-net")
        let before = try bench.hostState()
        let bundle = try bench.bundle(extra: ["network": ["mode": "none"]])
        for command in ["create", "run"] {
            let output = try bench.run([command, "--bundle", bundle, bench.id("n")])
            #expect(output.status != 0, "\(output)")
            #expect(output.stderr.contains("`network` is mydocker's own section for apply: under `\(command)` the engine sets up"), "\(output)")
        }
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)
    }

    @Test func execListPsUpdateOnADetachedRun() throws {
        let bench = try OCIBench(prefix: "oci-exec")
        let id = bench.id("e")
        let bundle = try bench.bundle()
        let pidFile = bench.sandbox.path + "/run.pid"
        #expect(bench.start(["run", "--detach", "--bundle", bundle, "--pid-file", pidFile, id]).wait(seconds: 30) == 0)
        #expect(bench.status(id) == "running")

        #expect(try bench.run(["exec", id, "sh", "-c", "echo $((6 * 7)) $(hostname)"]) == ProcessOutput(status: 0, stdout: "42 oci\n", stderr: ""))
        #expect(try bench.run(["exec", id, "sh", "-c", "exit 5"]).status == 5)
        #expect(try bench.run(["exec", id, "nosuchcommand"]).status == 127)
        // --process: the OCI process object (its env is the whole environment), as engines pass it.
        let process = bench.sandbox.path + "/process.json"
        try #"{"args": ["sh", "-c", "echo $FOO $(pwd) $(id -u):$(id -g) $(id -G) $PATH"], "env": ["FOO=bar", "PATH=/bin"], "cwd": "/proc", "user": {"uid": 1000, "gid": 1001, "additionalGids": [7, 8]}, "terminal": false}"#
            .write(toFile: process, atomically: true, encoding: .utf8)
        #expect(try bench.run(["exec", "--process", process, id]).stdout == "bar /proc 1000:1001 1001 7 8 /bin\n")
        // --detach: exec returns at once, the command's pid in the pid file (digits only).
        let execPid = bench.sandbox.path + "/exec.pid"
        #expect(try bench.run(["exec", "--detach", "--pid-file", execPid, id, "sleep", bench.marker]).status == 0)
        let detachedPid = try String(contentsOfFile: execPid, encoding: .utf8)
        #expect(detachedPid.allSatisfy(\.isNumber) && !detachedPid.isEmpty)

        // ps ID: its processes; --format json a JSON array of pids.
        let pids = try JSONSerialization.jsonObject(with: try bench.run(["ps", "--format", "json", id]).stdoutData) as? [Int]
        let mainPid = try String(contentsOfFile: pidFile, encoding: .utf8)
        #expect(Set(pids ?? []).isSuperset(of: [Int(mainPid) ?? -1, Int(detachedPid) ?? -1]), "\(pids ?? [])")
        #expect(try bench.run(["ps", id]).stdout.hasPrefix("UID"))

        // list: table, -q, json; and docker-style ps lists it too.
        #expect(try bench.run(["list", "-q"]).stdout == id + "\n")
        let listed = try JSONSerialization.jsonObject(with: try bench.run(["list", "--format", "json"]).stdoutData) as? [[String: Any]]
        #expect(listed?.first?["status"] as? String == "running" && listed?.first?["bundle"] as? String == bundle)
        #expect(try bench.run(["ps"]).stdout.contains(id))

        // update --resources -: the OCI linux.resources object.
        #expect(try bench.run(["update", "-r", "-", id], stdin: #"{"pids": {"limit": 55}}"#).status == 0)
        let limit = try String(contentsOfFile: "/sys/fs/cgroup/pids/mydocker-\(id)/pids.max", encoding: .utf8)
        #expect(limit == "55\n")

        // pause and resume: the status follows; nothing is printed.
        #expect(try bench.run(["pause", id]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        #expect(bench.status(id) == "paused")
        #expect(try bench.run(["resume", id]).status == 0)
        #expect(bench.status(id) == "running")

        #expect(try bench.run(["delete", "--force", id]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func errorsGoToTheLogAsRuncsJSONLines() throws {
        let bench = try OCIBench(prefix: "oci-log")
        let before = try bench.hostState()
        let bundle = try bench.bundle(args: ["/bin/nosuchcommand"])
        let log = bench.sandbox.path + "/log.json"
        let failed = try bench.run(["--log", log, "--log-format=json", "create", "--bundle", bundle, bench.id("n")])
        #expect(failed.status == 1 && failed.stderr.contains("No such file or directory"), "\(failed)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let last = try #require(lines.last)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(entry["level"] as? String == "error")
        // podman maps "no such file or directory" to 127: the errno's words stay in msg.
        #expect((entry["msg"] as? String)?.lowercased().contains("no such file or directory") == true, "\(entry)")
        #expect((entry["time"] as? String)?.hasSuffix("Z") == true)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(try bench.hostState() == before)

        // The text form, and --log given as two words.
        let text = bench.sandbox.path + "/log.txt"
        #expect(try bench.run(["--log", text, "--log-format", "text", "state", "nosuch"]).status == 1)
        #expect(try String(contentsOfFile: text, encoding: .utf8).contains("level=error msg=\"mydocker state: container nosuch does not exist\""))
        let debug = bench.sandbox.path + "/debug.json"
        #expect(try bench.run(["--debug", "--log", debug, "--log-format", "json", "list"]).status == 0)
        let debugText = try String(contentsOfFile: debug, encoding: .utf8)
        #expect(debugText.hasPrefix(#"{"level":"debug","msg":"mydocker --root "#) && debugText.contains(#" --log-format json list","time":"#), "\(debugText)")
        let systemd = try bench.run(["--systemd-cgroup", "list"])
        #expect(systemd.status == 1 && systemd.stderr.contains("cgroupfs"), "\(systemd)")
    }

    @Test func theTerminalGoesToTheConsoleSocket() throws {
        let bench = try OCIBench(prefix: "oci-tty")
        let id = bench.id("t")
        let bundle = try bench.bundle(script: "tty; echo up; sleep \(bench.marker)", terminal: true)
        let socketPath = bench.sandbox.path + "/console.sock"
        let listener = try ConsoleListener(path: socketPath)
        // Without a console socket, a terminal cannot be passed on: refused, as runc refuses it.
        #expect(try bench.run(["create", "--bundle", bundle, id]).status == 1)
        let create = bench.start(["create", "--bundle", bundle, "--console-socket", socketPath, id])
        let master = try #require(listener.receive(seconds: 30))
        defer { close(master) }
        #expect(create.wait(seconds: 30) == 0)
        #expect(try bench.run(["start", id]).status == 0)
        let text = ConsoleListener.read(master, until: "up", seconds: 10)
        // The terminal is the container's console (a pty of its own devpts, bound at /dev/console).
        #expect((text.contains("/dev/pts/") || text.contains("/dev/console")) && text.contains("up\r\n"), "\(text.debugDescription)")
        #expect(try bench.run(["delete", "--force", id]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty })

        // run in the foreground with a console socket: the terminal goes there, run waits and gives the status.
        let exiting = try bench.bundle("exiting", script: "echo up; exit 6", terminal: true)
        let run = bench.start(["run", "--bundle", exiting, "--console-socket", socketPath, bench.id("r")])
        let runMaster = try #require(listener.receive(seconds: 30))
        defer { close(runMaster) }
        #expect(ConsoleListener.read(runMaster, until: "up", seconds: 10).contains("up"))
        #expect(run.wait(seconds: 30) == 6)
        #expect(bench.leftoverContainers().isEmpty)
    }

    @Test func featuresDescribesWhatIsSupported() throws {
        let bench = try OCIBench(prefix: "oci-feat")
        let output = try bench.run(["features"])
        let document = try #require(try JSONSerialization.jsonObject(with: output.stdoutData) as? [String: Any])
        #expect(document["ociVersionMin"] as? String == "1.0.0")
        let linux = try #require(document["linux"] as? [String: Any])
        #expect((linux["namespaces"] as? [String])?.contains("pid") == true)
        #expect((linux["capabilities"] as? [String])?.contains("CAP_SYS_ADMIN") == true)
        #expect((linux["cgroup"] as? [String: Any])?["systemd"] as? Bool == false)
        #expect((document["mountOptions"] as? [String])?.contains("nosuid") == true)
    }

    @Test func applyAndCreateShareOneStoreAndOneStatusModel() throws {
        let bench = try OCIBench(prefix: "oci-one")
        let named = bench.id("apply")
        let spec = try bench.sandbox.write("spec.yaml", """
            root: {path: \(bench.sandbox.rootfs)}
            process: {args: [/bin/sh, -c, 'sleep \(bench.marker)']}
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux: {namespaces: [pid, mount]}
            """)
        #expect(try bench.run(["apply", "--detach", "--name", named, spec]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.status(named) == "running" })
        #expect((bench.state(named)?["pid"] as? Int ?? 0) > 0)
        let oci = bench.id("oci")
        #expect(bench.start(["run", "-d", "--bundle", try bench.bundle(), oci]).wait(seconds: 30) == 0)
        // ps, list and inspect see both; rm removes the OCI one as delete does.
        let ps = try bench.run(["ps"]).stdout
        #expect(ps.contains(named) && ps.contains(oci), "\(ps)")
        #expect(Set(try bench.run(["list", "-q"]).stdout.split(separator: "\n").map(String.init)) == [named, oci])
        #expect(try bench.run(["inspect", oci]).status == 0)
        #expect(try bench.run(["rm", "--force", oci, named]).status == 0)
        #expect(bench.leftoverContainers().isEmpty)
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}

/// The listening end of a console socket (as conmon and containerd's shim make one): receives the terminal's
/// master sent over it with SCM_RIGHTS.
final class ConsoleListener {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(fd, 1) == 0, "bind/listen \(path): \(String(cString: strerror(errno)))")
    }

    deinit { close(fd) }

    /// The descriptor received on the first connection, waiting at most `seconds`.
    func receive(seconds: Int32) -> Int32? {
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, seconds * 1000) == 1 else { return nil }
        let connection = accept(fd, nil, nil)
        guard connection >= 0 else { return nil }
        defer { close(connection) }
        var byte = [UInt8](repeating: 0, count: 256)
        var control = [UInt8](repeating: 0, count: 64)
        return byte.withUnsafeMutableBytes { data -> Int32? in
            control.withUnsafeMutableBytes { space -> Int32? in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { iov -> Int32? in
                    var message = msghdr()
                    message.msg_iov = iov
                    message.msg_iovlen = 1
                    message.msg_control = space.baseAddress
                    message.msg_controllen = space.count
                    guard recvmsg(connection, &message, 0) > 0, message.msg_controllen >= MemoryLayout<cmsghdr>.size,
                          let header = space.baseAddress?.assumingMemoryBound(to: cmsghdr.self),
                          header.pointee.cmsg_type == Int32(SCM_RIGHTS) else { return nil }
                    return UnsafeRawPointer(header).advanced(by: MemoryLayout<cmsghdr>.size).loadUnaligned(as: Int32.self)
                }
            }
        }
    }

    /// What `fd` gives until `marker` appears or `seconds` pass.
    static func read(_ fd: Int32, until marker: String, seconds: Int32) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !text.contains(marker), poll(&ready, 1, seconds * 1000) == 1 {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return text
    }
}
