import Foundation
import Glibc
import Testing

/// `mydocker attach` to detached containers (as root, real containers): driven from a pseudo-terminal of the
/// test's own (``PtySession``), as a person types.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
struct AttachIntegrationTests {
    /// A container with a terminal that answers each line it reads (canonical mode: the terminal echoes what is
    /// typed), and prints its window size when asked.
    static let answering = """
        echo ready; while read line; do case "$line" in size) stty size;; bye) exit 7;; *) echo "got $line";; esac; done
        """

    @Test func typingReachesTheContainerAndCtrlPCtrlQDetaches() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        let attach = try bench.onTerminal(["attach", "box"])
        // Raw mode while attached: the container's terminal does the echo and the line editing.
        #expect(waitUntil(seconds: 20) { PtySession.cooked & attach.localModes == 0 }, "attach set no raw mode")
        attach.send("hello\r")
        #expect(attach.waitForOutput("got hello\n"), "\(attach.output)")
        attach.send("\u{10}\u{11}")
        #expect(attach.wait() == 0)
        #expect(attach.output.hasSuffix("read escape sequence\n"), "\(attach.output)")
        #expect(attach.localModes & PtySession.cooked == PtySession.cooked, "the terminal was left in raw mode")
        // It goes on, and its log has what the terminal showed.
        #expect(try bench.statusText("box") == "running")
        #expect(try bench.run(["logs", "box"]).stdout.contains("got hello"))
        // Attached again, it still answers.
        let again = try bench.onTerminal(["attach", "box"])
        #expect(waitUntil(seconds: 20) { PtySession.cooked & again.localModes == 0 })
        again.send("again\r")
        #expect(again.waitForOutput("got again\n"), "\(again.output)")
        again.send("\u{10}\u{11}")
        #expect(again.wait() == 0)
        #expect(try bench.run(["rm", "--force", "box"]).status == 0)
        #expect(waitUntil(seconds: 10) { bench.leftoverProcesses().isEmpty })
    }

    /// attach ends with the container's process, with its status; the terminal is restored.
    @Test func theContainersEndEndsAttachWithItsStatus() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        let attach = try bench.onTerminal(["attach", "box"])
        #expect(waitUntil(seconds: 20) { PtySession.cooked & attach.localModes == 0 })
        attach.send("bye\r")
        #expect(attach.wait() == 7)
        #expect(attach.localModes & PtySession.cooked == PtySession.cooked)
        #expect(try waitUntil(seconds: 20) { try bench.statusText("box") == "exited 7" })
    }

    /// The container's terminal takes the size of attach's, and follows it when it changes (SIGWINCH).
    @Test func theWindowSizeFollowsTheCallers() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        let attach = try bench.onTerminal(["attach", "box"], rows: 33, columns: 111)
        #expect(waitUntil(seconds: 20) { PtySession.cooked & attach.localModes == 0 })
        attach.send("size\r")
        #expect(attach.waitForOutput("33 111\n"), "\(attach.output)")
        attach.resize(rows: 44, columns: 99)
        #expect(waitUntil(seconds: 20) {
            attach.send("size\r")
            return attach.waitForOutput("44 99\n", seconds: 0.5)
        }, "\(attach.output)")
        attach.send("\u{10}\u{11}")
        #expect(attach.wait() == 0)
    }

    /// --detach-keys replaces ctrl-p ctrl-q, which then reach the container as keys.
    @Test func detachKeysCanBeChanged() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        let attach = try bench.onTerminal(["attach", "--detach-keys", "ctrl-a,x", "box"])
        #expect(waitUntil(seconds: 20) { PtySession.cooked & attach.localModes == 0 })
        attach.send("p\u{10}\u{11}q\r")
        #expect(attach.waitForOutput("got p"), "\(attach.output)")
        #expect(attach.poll() == nil, "ctrl-p ctrl-q detached with other keys set")
        attach.send("\u{1}x")
        #expect(attach.wait() == 0)
        #expect(try bench.statusText("box") == "running")
        let invalid = try bench.run(["attach", "--detach-keys", "ctrl-1", "box"])
        #expect(invalid.status == 125)
        #expect(invalid.stderr.contains("invalid detach keys \"ctrl-1\": unknown key \"ctrl-1\""), "\(invalid)")
    }

    /// --no-stdin: attach only watches; the terminal stays as it was, and a key is not sent.
    @Test func noStdinOnlyWatches() throws {
        let bench = try MonitorBench()
        let script = "echo ready; while [ ! -e /shared/go ]; do sleep 0.05; done; echo tick; while read line; do echo \"got $line\"; done"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script, terminal: true)]).status == 0)
        let attach = try bench.onTerminal(["attach", "--no-stdin", "box"])
        try bench.signal("go")
        #expect(attach.waitForOutput("tick"), "\(attach.output)")
        #expect(attach.localModes & PtySession.cooked == PtySession.cooked, "--no-stdin put the terminal in raw mode")
        attach.send("typed\r")
        // Ended from elsewhere: attach ends with the container, 128 + SIGTERM.
        #expect(try bench.run(["kill", "--signal", "TERM", "box"]).status == 0)
        #expect(attach.wait() == 143)
        #expect(try !bench.run(["logs", "box"]).stdout.contains("got typed"))
    }

    /// Without a terminal, attach streams stdout to its stdout and stderr to its stderr until the process ends,
    /// and exits with its status.
    @Test func withoutATerminalOutputIsStreamedUntilTheEnd() throws {
        let bench = try MonitorBench()
        let script = "while [ ! -e /shared/go ]; do echo tick; sleep 0.05; done; echo to-stdout; echo to-stderr >&2; exit 5"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        let attach = bench.start(["attach", "box"])
        #expect(attach.waitForOutput("tick"), "attach streamed nothing")
        try bench.signal("go")
        #expect(attach.wait() == 5)
        let output = attach.files.output(status: 5)
        #expect(output.stdout.hasSuffix("tick\nto-stdout\n"), "\(output)")
        #expect(output.stderr == "to-stderr\n", "\(output)")
    }

    /// Without a terminal, the signals attach gets reach the container's process (--sig-proxy, the default);
    /// with --sig-proxy false, attach ends alone.
    @Test func signalsAreForwardedUnlessTurnedOff() throws {
        let bench = try MonitorBench()
        let script = "trap 'echo got-int; exit 6' INT; while true; do echo tick; sleep 0.05; done"
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(script)]).status == 0)
        let quiet = bench.start(["attach", "--sig-proxy", "false", "box"])
        #expect(quiet.waitForOutput("tick"))
        #expect(kill(quiet.pid, SIGINT) == 0)
        #expect(quiet.wait() == 130)
        #expect(try bench.statusText("box") == "running")
        let proxy = bench.start(["attach", "box"])
        #expect(proxy.waitForOutput("tick"))
        #expect(kill(proxy.pid, SIGINT) == 0)
        #expect(proxy.wait() == 6)
        #expect(proxy.stdout.hasSuffix("got-int\n"), "\(proxy.stdout)")
        #expect(try waitUntil(seconds: 20) { try bench.statusText("box") == "exited 6" })
    }

    /// A signal that ends attach (SIGTERM, SIGHUP) restores the terminal first.
    @Test func aSignalRestoresTheTerminal() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        for signal in [SIGTERM, SIGHUP] {
            let attach = try bench.onTerminal(["attach", "box"])
            #expect(waitUntil(seconds: 20) { PtySession.cooked & attach.localModes == 0 })
            #expect(kill(attach.pid, signal) == 0)
            #expect(attach.wait() == 128 + signal)
            #expect(attach.localModes & PtySession.cooked == PtySession.cooked)
        }
        #expect(try bench.statusText("box") == "running")
    }

    /// What cannot be attached to is refused, with docker's reasons.
    @Test func refusals() throws {
        let bench = try MonitorBench()
        #expect(try bench.run(["attach", "nobody"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker attach: no such container: nobody\n"))
        #expect(try bench.run(["apply", "-d", "--name", "box", try bench.spec(Self.answering, terminal: true)]).status == 0)
        #expect(try bench.run(["pause", "box"]).status == 0)
        #expect(try bench.run(["attach", "box"]) == ProcessOutput(
            status: 1, stdout: "", stderr: "mydocker attach: container box is paused: resume it first (mydocker resume box)\n"))
        #expect(try bench.run(["resume", "box"]).status == 0)
        // stdin is not a terminal, the container has one: refused as docker does.
        let piped = try bench.run(["attach", "box"])
        #expect(piped.status == 1)
        #expect(piped.stderr == "mydocker attach: the input device is not a terminal, and container box has one: use --no-stdin to only watch it\n")
        #expect(try bench.run(["kill", "box", "KILL"]).status == 0)
        #expect(try waitUntil(seconds: 20) { try bench.statusText("box") == "killed by SIGKILL" })
        #expect(try bench.run(["attach", "box"]) == ProcessOutput(status: 1, stdout: "", stderr: "mydocker attach: container box is not running\n"))
        let foreground = try bench.run(["apply", "--name", "fg", try bench.spec("true", name: "fg.yaml")])
        #expect(foreground.status == 0)
        #expect(try bench.run(["attach", "fg"]).stderr == "mydocker attach: container fg runs in the foreground: it is attached to apply's terminal\n")
    }
}
