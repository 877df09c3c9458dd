import Foundation
import Glibc
import Testing

/// `mydocker apply` of real specs, run as root with the built binary: busybox root file systems built from
/// Debian's busybox-static, specs in temporary folders, the host compared before and after.
@Suite(.enabled(if: getuid() == 0, "needs root: apply creates namespaces, writes ID maps and mounts"))
final class ApplyTests {
    let work: Scratch
    let rootfs: String

    init() throws {
        work = try Scratch(prefix: "mydocker-apply")
        rootfs = work.path + "/rootfs"
        try BusyboxRootfs.make(at: rootfs, worldWritableTmp: true, devNull: true)
    }

    /// A spec in the workspace whose root is the busybox rootfs.
    func spec(_ body: String, root: Bool = true) throws -> String {
        try work.write("spec-\(UUID().uuidString).yaml", (root ? "root:\n  path: rootfs\n" : "") + body)
    }

    /// A spec whose process prints the line of its /proc/self/status that starts with `field`, in its own pid and
    /// mount namespaces.
    func statusLineSpec(_ field: String) throws -> String {
        try spec("""
            process:
              args: [/bin/grep, \(field), /proc/self/status]
            mounts:
              - {destination: /proc, type: proc, source: proc}
            linux:
              namespaces: [pid, mount]
            """)
    }

    @Test func hostnameInsideDiffersAndTheHostsIsUnchanged() throws {
        let before = try HostSnapshot.now()
        let output = MyDockerBinary.apply(try spec("""
            hostname: inside-box
            process:
              args: [/bin/hostname]
            linux:
              namespaces: [uts, mount]
            """))
        #expect(output == .init(status: 0, stdout: "inside-box\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
        #expect(before.hostname != "inside-box")
    }

    /// What apply's caller ignores (a shell's `trap '' INT`, a background job's SIGINT and SIGQUIT) is not ignored in
    /// the container: its first process (apply's zygote) puts every disposition back to its default.
    @Test func signalsTheCallerIgnoredAreNotIgnoredInTheContainer() throws {
        let path = try statusLineSpec("SigIgn")
        let trap = "trap '' HUP INT QUIT USR1 USR2 PIPE TERM; "
        let trapped: UInt64 = [SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGTERM].reduce(0) { $0 | 1 << UInt64($1 - 1) }
        /// The SigIgn mask a `grep SigIgn /proc/self/status` printed.
        func ignored(_ output: ProcessOutput) -> UInt64? {
            output.stdout.hasPrefix("SigIgn:\t") ? UInt64(output.stdout.dropFirst(8).prefix { $0 != "\n" }, radix: 16) : nil
        }
        // The trap works: a process the shell starts has them ignored.
        let host = try ProcessRunner.run(["/bin/sh", "-c", trap + "exec grep SigIgn /proc/self/status"])
        #expect(ignored(host).map { $0 & trapped } == trapped)
        let output = try ProcessRunner.run(["/bin/sh", "-c", trap + "exec \"$0\" apply \"$1\"", MyDockerBinary.path, path])
        #expect(output.status == 0 && output.stderr.isEmpty, "\(output)")
        #expect(ignored(output).map { $0 & trapped } == 0, "\(output.stdout)")
    }

    /// The container may run on every CPU apply may run on, and only those: the zygote and its fork start on another
    /// CPU alone, and the fork takes apply's affinity back before anything else.
    @Test func theContainerRunsOnTheCPUsApplyMayUse() throws {
        let path = try statusLineSpec("Cpus_allowed_list")
        let host = try ProcessRunner.run(["/bin/grep", "Cpus_allowed_list", "/proc/self/status"])
        for _ in 0..<3 {
            #expect(try ProcessRunner.run([MyDockerBinary.path, "apply", path]) == host)
        }
        let restricted = try ProcessRunner.run(["/usr/bin/taskset", "-c", "0", MyDockerBinary.path, "apply", path])
        #expect(restricted == .init(status: 0, stdout: "Cpus_allowed_list:\t0\n", stderr: ""))
    }

    @Test func theProcessIsPID1WithoutInit() throws {
        let output = MyDockerBinary.apply(try spec("""
            annotations:
              org.mydocker.init: "false"
            process:
              args: [/bin/sh, -c, 'echo $$']
            linux:
              namespaces: [pid, mount]
            """))
        #expect(output == .init(status: 0, stdout: "1\n", stderr: ""))
    }

    @Test func initIsPID1AndTheProcessItsChild() throws {
        let output = MyDockerBinary.apply(try spec("""
            process:
              args: [/bin/sh, -c, 'echo $$ $PPID']
            linux:
              namespaces: [pid, mount]
            """))
        #expect(output == .init(status: 0, stdout: "2 1\n", stderr: ""))
    }

    @Test func initReapsOrphans() throws {
        // The inner shell's `sleep` outlives its parent (the command substitution waits for that shell) and is
        // re-parented to PID 1; once killed, only PID 1 can reap it, else it stays a zombie in the container's
        // /proc. The shell waits until its /proc entry is gone (at most about 10 s), then looks for zombies.
        let script = [
            "orphan=$(sh -c 'sleep 1000 </dev/null >/dev/null 2>&1 & echo $!')",
            "echo parent $(sed -n 's/^PPid:[[:space:]]*//p' /proc/$orphan/status)",
            "kill $orphan",
            "i=0; while [ -e /proc/$orphan ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done",
            "if [ -e /proc/$orphan ]; then echo not reaped; else echo reaped; fi",
        ].joined(separator: "; ")
        let output = MyDockerBinary.apply(try spec("""
            process:
              args: [/bin/sh, -c, "\(script); grep -l '^State:.*Z' /proc/[0-9]*/status | wc -l"]
            mounts:
              - destination: /proc
                type: proc
                source: proc
            linux:
              namespaces: [pid, mount]
            """))
        #expect(output == .init(status: 0, stdout: "parent 1\nreaped\n0\n", stderr: ""))
    }

    @Test func uidAndGidMapAsInTheSeed() throws {
        let output = MyDockerBinary.apply(try spec("""
            process:
              user:
                uid: 100
                gid: 100
              args: [/bin/sh, -c, 'id; cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/made-inside']
            mounts:
              - destination: /proc
                type: proc
                source: proc
            linux:
              namespaces: [user, pid, mount]
              uidMappings:
                - containerID: 100
                  hostID: 200
                  size: 1
              gidMappings:
                - containerID: 100
                  hostID: 200
                  size: 1
            """))
        #expect(output.status == 0)
        #expect(output.stderr == "")
        let lines = output.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.first?.hasPrefix("uid=100 gid=100") == true)
        #expect(Array(lines.dropFirst()) == ["100 200 1", "100 200 1"])
        let owner = try FileManager.default.attributesOfItem(atPath: rootfs + "/tmp/made-inside")
        #expect(owner[.ownerAccountID] as? Int == 200)
        #expect(owner[.groupOwnerAccountID] as? Int == 200)
    }

    @Test func aNetworkNamespaceHasOnlyLoopback() throws {
        let before = try HostSnapshot.now()
        let output = MyDockerBinary.apply(try spec("""
            process:
              args: [/bin/sh, -c, 'ip -o link | cut -d: -f2 | tr -d " "']
            linux:
              namespaces: [network, mount]
            """))
        #expect(output == .init(status: 0, stdout: "lo\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func anIPCNamespaceDoesNotSeeTheHostsSegments() throws {
        let made = ProcessRunner.spawnAndWait(["/usr/bin/ipcmk", "-M", "4096"])
        let id = try #require(made.stdout.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        defer { _ = ProcessRunner.spawnAndWait(["/usr/bin/ipcrm", "-m", id]) }
        let list = "ipcs -m | awk '{print $2}' | grep -cx \(id) || true"
        let shared = MyDockerBinary.apply(try spec("process:\n  args: [/bin/sh, -c, \"\(list)\"]\nlinux:\n  namespaces: [uts]\n", root: false))
        let own = MyDockerBinary.apply(try spec("process:\n  args: [/bin/sh, -c, \"\(list)\"]\nlinux:\n  namespaces: [ipc]\n", root: false))
        #expect(shared.stdout == "1\n", "without an ipc namespace the host's segment is visible: \(shared)")
        #expect(own == .init(status: 0, stdout: "0\n", stderr: ""))
    }

    @Test(arguments: [("exit 7", Int32(7)), ("exit 0", 0), ("kill -KILL $$", 137), ("kill -TERM $$", 143)])
    func exitStatusesPropagate(command: String, status: Int32) throws {
        for namespaces in ["[pid, mount]", "[uts, mount]"] {
            let output = MyDockerBinary.apply(try spec("""
                process:
                  args: [/bin/sh, -c, '\(command)']
                linux:
                  namespaces: \(namespaces)
                """))
            #expect(output.status == status, "\(command) with \(namespaces): \(output)")
        }
    }

    @Test func sigtermToApplyStopsTheContainer() throws {
        let running = ProcessRunner.start([MyDockerBinary.path, "apply", try spec("""
            process:
              args: [/bin/sh, -c, 'echo ready; exec sleep 100']
            linux:
              namespaces: [pid, mount]
            """)])
        #expect(running.waitForOutput("ready"))
        kill(running.pid, SIGTERM)
        #expect(running.wait() == 143)
    }

    @Test func sigintAndSighupAreForwardedToo() throws {
        for (signal, status) in [(SIGINT, Int32(130)), (SIGHUP, 129)] {
            let running = ProcessRunner.start([MyDockerBinary.path, "apply", try spec("""
                process:
                  args: [/bin/sh, -c, 'echo ready; exec sleep 100']
                linux:
                  namespaces: [pid, mount]
                """)])
            #expect(running.waitForOutput("ready"))
            kill(running.pid, signal)
            #expect(running.wait() == status)
        }
    }

    /// Without a pid namespace the process itself has the parent-death signal; with one, init has it (and the
    /// namespace dies with init); as uid 100 in a user namespace it was set again after setresuid cleared it.
    @Test(arguments: ["  namespaces: [uts, mount]", "  namespaces: [pid, mount]", """
          namespaces: [user, pid, mount]
          uidMappings: [{containerID: 100, hostID: 200, size: 1}]
          gidMappings: [{containerID: 100, hostID: 200, size: 1}]
        """])
    func theContainerDiesWithApply(linux: String) throws {
        let marker = "\(Int.random(in: 100_000...999_999))"
        // Whatever happens, nothing this test started outlives it (`running` kills apply when it goes away).
        defer { for pid in HostProcesses.pids(withArgument: marker).compactMap({ pid_t($0) }) where pid > 0 { kill(pid, SIGKILL) } }
        let user = linux.contains("user") ? "  user: {uid: 100, gid: 100}\n" : ""
        let running = ProcessRunner.start([MyDockerBinary.path, "apply", try spec("""
            process:
            \(user)  args: [/bin/sh, -c, 'echo ready; exec sleep \(marker)']
            linux:
            \(linux)
            """)])
        #expect(running.waitForOutput("ready"))
        // The shell prints `ready` just before it execs sleep: wait for the sleep (at most about 10 s).
        #expect(waitUntil(seconds: 10) { !HostProcesses.pids(withArgument: marker).isEmpty }, "the container's sleep \(marker) never ran")
        kill(running.pid, SIGKILL)
        #expect(running.wait() == 137)
        #expect(waitUntil(seconds: 5) { HostProcesses.pids(withArgument: marker).isEmpty }, "the container's sleep outlived apply")
        try CgroupTrees.expectLeftoverRemovedByTheNextRun(ofApply: running.pid, scratch: work.path)
    }

    @Test func aMissingBinaryFailsAtItsStepOnOneLineAndLeavesTheHostAlone() throws {
        let before = try HostSnapshot.now()
        let path = try spec("""
            hostname: failing
            process:
              args: [/bin/nosuch]
            linux:
              namespaces: [uts, pid, mount, network]
            """)
        let output = MyDockerBinary.apply(path)
        let plan = MyDockerBinary.spawnAndWait(["plan", path]).stdout
        let execStep = plan.split(separator: "\n").first { $0.contains("execve /bin/nosuch") }
        let number = execStep.flatMap { $0.split(separator: " ").first }.map(String.init) ?? "?"
        // 127, as a shell and docker say a command is not found; the line of process.args first.
        let line = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("args: [/bin/nosuch]") }.map { $0 + 1 } ?? 0
        #expect(output == .init(status: 127, stdout: "", stderr: "mydocker apply: \(path):\(line): step \(number) (execve /bin/nosuch): No such file or directory\n"))
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func aMissingRootfsIsAPreflightError() throws {
        let path = try work.write("nofs.yaml", """
            root:
              path: no-such-rootfs
            process:
              args: [/bin/true]
            linux:
              namespaces: [mount]
            """)
        let output = MyDockerBinary.apply(path)
        #expect(output.status == 125)
        #expect(output.stderr.hasPrefix("mydocker apply: \(path):2: step 1 (preflight: rootfs \(work.path)/no-such-rootfs exists): No such file or directory"))
    }

    @Test func notRootIsAPreflightError() throws {
        let path = try spec("process:\n  args: [/bin/true]\nlinux:\n  namespaces: [uts]\n", root: false)
        chmod(work.path, 0o755)
        chmod(path, 0o644)
        let output = ProcessRunner.spawnAndWait(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MyDockerBinary.path, "apply", path])
        #expect(output.status == 125)
        #expect(output.stderr.hasPrefix("mydocker apply: step 1 (preflight: running as root): mydocker needs root"))
    }

    @Test func aTerminalGivesTheContainerItsOwnPseudoTerminal() throws {
        let output = MyDockerBinary.apply(try spec("""
            process:
              terminal: true
              args: [/bin/sh, -c, 'test -t 0 && test -t 1 && echo has a terminal']
            linux:
              namespaces: [uts]
            """, root: false))
        #expect(output == .init(status: 0, stdout: "has a terminal\r\n", stderr: ""))
    }

    @Test func withoutATerminalStdioPassesThrough() throws {
        let output = MyDockerBinary.apply(try spec("""
            process:
              args: [/bin/sh, -c, 'echo out; echo err >&2; test -t 0 || echo no terminal']
            linux:
              namespaces: [uts]
            """, root: false))
        #expect(output == .init(status: 0, stdout: "out\nno terminal\n", stderr: "err\n"))
    }
}

extension ApplyTests {
    /// max_*_namespaces is per user namespace: inside a new one (as its root) the test can forbid a kind
    /// without touching the host's limits.
    @Test func aForbiddenNamespaceKindSaysWhichFileToChange() throws {
        let path = try spec("process:\n  args: [/bin/true]\nlinux:\n  namespaces: [time, uts]\n", root: false)
        let script = "echo 0 > /proc/sys/user/max_time_namespaces && exec \(MyDockerBinary.path) apply \(path)"
        let output = ProcessRunner.spawnAndWait(["/usr/bin/unshare", "--user", "--map-root-user", "/bin/sh", "-c", script])
        #expect(output.status == 125)
        #expect(output.stderr == "mydocker apply: \(path):4: step 1 (preflight: time namespace supported): /proc/sys/user/max_time_namespaces is 0, which forbids creating time namespaces: raise it as root with `echo 15000 > /proc/sys/user/max_time_namespaces` (or `sysctl -w user.max_time_namespaces=15000`; add it to /etc/sysctl.d/ to keep it)\n")
    }
}

extension ApplyTests {
    /// Runs `apply SPEC` inside a new user namespace whose maps the test writes (`0 0 1` for uid and gid), so
    /// that mydocker itself has only uid and gid 0 to map from: what lint cannot know, the kernel refuses.
    func applyInsideAUserNamespace(_ spec: String) throws -> ProcessOutput {
        let fifo = work.path + "/go"
        mkfifo(fifo, 0o600)
        let script = """
            unshare --user sh -c 'read go < \(fifo); exec \(MyDockerBinary.path) apply \(spec)' &
            p=$!
            while [ "$(readlink /proc/$p/ns/user)" = "$(readlink /proc/self/ns/user)" ]; do sleep 0.01; done
            echo "0 0 1" > /proc/$p/uid_map
            echo "0 0 1" > /proc/$p/gid_map
            echo go > \(fifo)
            wait $p
            """
        return ProcessRunner.spawnAndWait(["/bin/sh", "-c", script])
    }

    @Test func aMapTheKernelRejectsIsReportedWithItsLine() throws {
        let path = try spec("""
            process:
              args: [/bin/true]
            linux:
              namespaces: [user]
              uidMappings:
                - {containerID: 0, hostID: 0, size: 1}
                - {containerID: 1, hostID: 200, size: 1}
              gidMappings:
                - {containerID: 0, hostID: 0, size: 1}
            """, root: false)
        let plan = MyDockerBinary.spawnAndWait(["plan", path]).stdout
        let step = plan.split(separator: "\n").first { $0.contains("uid_map") }.flatMap { $0.split(separator: " ").first } ?? "?"
        let output = try applyInsideAUserNamespace(path)
        #expect(output == .init(status: 125, stdout: "", stderr: "mydocker apply: \(path):6: step \(step) (write /proc/CHILD/uid_map: 0 0 1; 1 200 1): write: Operation not permitted: line 2: 1 200 1: host ids 200 are not mapped in mydocker's own user namespace\n"))
    }

    @Test func theHiddenInitCommandRefusesToRunByHand() {
        let output = MyDockerBinary.spawnAndWait(["init"])
        #expect(output == .init(status: 2, stdout: "", stderr: "mydocker init: this command is internal: mydocker apply starts it inside the container's namespaces\n"))
        let help = MyDockerBinary.spawnAndWait(["--help"])
        #expect(!help.stdout.contains("init"))
        #expect(help.status == 0 && help.stderr == "", "\(help)")
        #expect(help.stdout.hasPrefix("OVERVIEW: Run Linux containers from declarative specs"), "\(help)")
        #expect(help.stdout.contains("\nUSAGE: mydocker [--root <dir>] [--log <file>] [--log-format <format>] [--debug] [--systemd-cgroup] <subcommand>\n"), "\(help)")
        // The subcommands listed: every one but the hidden init and monitor (the names at two spaces' indent).
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let listed = lines.drop { $0 != "SUBCOMMANDS:" }.dropFirst().prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isLetter == true }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == ["lint", "schema", "spec", "plan", "apply", "ps", "logs", "attach", "kill", "stop", "restart", "wait", "inspect", "top", "pause", "resume", "update", "stats", "rm", "network", "exec", "check",
                           "create", "start", "run", "state", "delete", "list", "features", "completion"], "\(help)")
    }

    @Test func aSpecWithLintErrorsIsRefusedWithItsDiagnostics() throws {
        let path = try spec("process:\n  args: [/bin/true]\nhostname: box\n", root: false)
        let lint = MyDockerBinary.spawnAndWait(["lint", path])
        let output = MyDockerBinary.apply(path)
        #expect(lint.status == 1)
        #expect(output == .init(status: 125, stdout: "", stderr: lint.stdout))
    }
}

extension ApplyTests {
    /// An interactive shell on a terminal (script(1) gives apply one): apply puts its terminal in raw mode, the
    /// container's own terminal does the echo and line editing, and apply's terminal is restored afterwards.
    @Test func anInteractiveShellOnATerminal() throws {
        let path = try spec("""
            hostname: tty-box
            process:
              terminal: true
              args: [/bin/sh]
            linux:
              namespaces: [uts, pid]
            """, root: false)
        let command = "stty -g; \(MyDockerBinary.path) apply \(path); echo status=$?; stty -g"
        let output = ProcessRunner.spawnAndWait(["/bin/sh", "-c", "printf 'hostname\\nexit 3\\n' | script -qec '\(command)' /dev/null"])
        let lines = output.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        let settings = lines.filter { $0.contains(":") && $0.allSatisfy { $0.isHexDigit || $0 == ":" } }
        // The shell's prompt may land on the same line as what it prints: compare line ends.
        #expect(lines.contains { $0.hasSuffix("tty-box") && !$0.contains("hostname") }, "\(output)")
        #expect(lines.contains { $0.hasSuffix("status=3") }, "\(output)")
        #expect(settings.count == 2 && settings[0] == settings[1], "the terminal's settings before and after: \(settings)")
    }
}

extension ApplyTests {
    @Test func theContainersUserOwnsItsTerminal() throws {
        let output = MyDockerBinary.apply(try spec("""
            process:
              terminal: true
              user: {uid: 100, gid: 100}
              args: [/bin/sh, -c, 'stat -c %u /proc/self/fd/0']
            linux:
              namespaces: [user, pid, mount]
              uidMappings: [{containerID: 100, hostID: 200, size: 1}]
              gidMappings: [{containerID: 100, hostID: 200, size: 1}]
            """, root: false))
        #expect(output == .init(status: 0, stdout: "100\r\n", stderr: ""))
    }
}
