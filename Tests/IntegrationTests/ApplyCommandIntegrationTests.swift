import Foundation
import Glibc
import Testing

/// `apply SPEC -- CMD ARGS...` (the command for one run) and `apply -` (the spec from standard input), with real
/// containers, in the foreground and detached.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct ApplyCommandIntegrationTests {
    @Test func theCommandAfterDoubleDashReplacesTheSpecsForOneRun() throws {
        let bench = try LifecycleBench(prefix: "applycmd")
        let spec = try bench.spec(hostname: "replaced", script: "echo from-the-spec")
        let before = try HostSnapshot.now()
        let replaced = try bench.run(["apply", spec, "--", "/bin/sh", "-c", "echo $(hostname) \"$@\"; exit 6", "sh", "--name", "-x"])
        #expect(replaced == ProcessOutput(status: 6, stdout: "replaced --name -x\n", stderr: ""))
        // The spec is as it was: the next run without a command runs its own.
        #expect(try bench.run(["apply", spec]) == ProcessOutput(status: 0, stdout: "from-the-spec\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)

        // Options may come between the spec and `--`; a named, detached run records the command.
        let box = bench.name("box")
        let detached = try bench.run(["apply", spec, "--name", box, "-d", "--", "/bin/sh", "-c", bench.script()])
        #expect(detached == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        #expect(try bench.ps()[box]?["command"] as? [String] == ["/bin/sh", "-c", bench.script()])
        #expect(waitUntil(seconds: 30) { bench.markerPids().count == 1 })
        #expect(try bench.run(["stop", "-t", "0", box]).status == 0)

        // `--` alone: the spec's command. A second spec is no command.
        #expect(try bench.run(["apply", spec, "--"]).stdout == "from-the-spec\n")
        let twoSpecs = try bench.run(["apply", spec, spec])
        #expect(twoSpecs.status == 125 && twoSpecs.stderr.hasPrefix("mydocker apply: Unexpected argument '\(spec)'"), "\(twoSpecs)")
        let missing = try bench.run(["apply", spec, "--", "/no/such/program"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/no/such/program"), "\(missing)")
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }

    @Test func aSpecFromStandardInput() throws {
        let bench = try LifecycleBench(prefix: "applystdin")
        // Its rootfs relative to the working directory, as a spec file's is to its folder.
        let text = """
            hostname: piped
            root: {path: rootfs}
            process:
              args: [/bin/sh, -c, 'echo $(hostname) from standard input']
            linux:
              namespaces: [uts, pid, mount]

            """
        let foreground = try bench.run(["apply", "-"], stdin: text, directory: bench.sandbox.path)
        #expect(foreground == ProcessOutput(status: 0, stdout: "piped from standard input\n", stderr: ""))

        // Named and detached: recorded as <stdin> with its folder, so that restart finds the rootfs again.
        let box = bench.name("piped")
        let detached = try bench.run(["apply", "--detach", "--name", box, "-"], stdin: text, directory: bench.sandbox.path)
        #expect(detached == ProcessOutput(status: 0, stdout: "\(box)\n", stderr: ""))
        #expect(try bench.run(["wait", box]).stdout == "0\n")
        #expect(try bench.ps()[box]?["spec"] as? String == "<stdin>")
        #expect(try bench.inspect([box]).first.flatMap { $0["Spec"] as? [String: Any] }?["Path"] as? String == "<stdin>")
        #expect(try bench.run(["restart", box]).status == 0)
        #expect(try bench.run(["wait", box]).stdout == "0\n")
        #expect(try bench.run(["logs", box]).stdout == "piped from standard input\npiped from standard input\n")

        // A spec lint refuses: its diagnostics name standard input, exit 125, nothing recorded.
        let refused = try bench.run(["apply", "--name", bench.name("bad"), "-"], stdin: "process:\n  args: []\n", directory: bench.sandbox.path)
        #expect(refused.status == 125)
        #expect(refused.stderr.hasPrefix("<stdin>:2:"), "\(refused)")
        #expect(try bench.ps()[bench.name("bad")] == nil)
        #expect(waitUntil(seconds: 30) { bench.leftoverProcesses().isEmpty }, "\(bench.leftoverProcesses())")
    }
}
