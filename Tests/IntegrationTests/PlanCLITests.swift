import Foundation
import Testing

/// `mydocker plan`, run as the built binary on spec files written to a temporary folder:
/// full output and exit status. Needs no privilege.
@Suite("mydocker plan (the built binary)")
struct PlanCLITests {
    @Test func utsSpecPrintsTheNumberedPlan() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let spec = try dir.write("uts.yaml", """
            hostname: box
            process:
              args: [/bin/sh, -c, echo hi]
              env: [PATH=/bin]
            linux:
              namespaces:
                - uts
            """)
        let run = try PlanCLI.run(["plan", spec])
        #expect(run.stderr == "")
        #expect(run.stdout == """
               1  parent  preflight: running as root, uts namespace supported
               2  parent  clone(CLONE_NEWUTS)
               3  parent  create cgroup /mydocker-CONTAINER
               4  parent  move the child into its cgroup
               5  child   wait for the parent
               6  child   sethostname "box"
               7  child   setgroups(), setgid(0), setuid(0)
               8  child   umask 0022
               9  child   chdir /
              10  child   set environment: PATH=/bin
              11  child   execve /bin/sh -c "echo hi"

            """)
        #expect(run.status == 0)
    }

    @Test func relativeRootAndSourcesResolveAgainstTheSpecFolder() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        try dir.makeDirectory("rootfs")
        try dir.makeDirectory("data")
        let spec = try dir.write("bind.yaml", """
            root:
              path: rootfs
              readonly: true
            mounts:
              - destination: /proc
                type: proc
                source: proc
              - destination: /data
                type: bind
                source: data
                options: [bind, ro, nosuid]
            # mydocker-lint disable=sandbox-keeps-all-capabilities -- this plan is about paths, not confinement
            process:
              args: [/bin/true]
              env: [PATH=/bin]
              user: {uid: 0, gid: 0}
            linux:
              namespaces: [pid, mount]
            """)
        let run = try PlanCLI.run(["plan", spec])
        #expect(run.stderr == "")
        #expect(run.stdout == """
               1  parent  preflight: running as root, pid, mount namespaces supported, rootfs \(dir.path)/rootfs exists, source of mounts[1] \(dir.path)/data exists
               2  parent  clone(CLONE_NEWPID|CLONE_NEWNS)
               3  parent  create cgroup /mydocker-CONTAINER
               4  parent  move the child into its cgroup
               5  child   wait for the parent
               6  child   mount --make-rprivate /
               7  child   mount /proc: proc proc
               8  child   mount /data: bind \(dir.path)/data (ro, nosuid)
               9  child   pivot_root \(dir.path)/rootfs
              10  child   remount / read-only
              11  child   setgroups(), setgid(0), setuid(0)
              12  child   umask 0022
              13  child   chdir /
              14  child   set environment: PATH=/bin
              15  child   start init as PID 1 (forwards signals, reaps orphans)
              16  child   execve /bin/true

            """)
        #expect(run.status == 0)
    }

    @Test func jsonFormatIsParsableAndNamesTheSpec() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let spec = try dir.write("user.yaml", """
            process:
              user: {uid: 100, gid: 100}
              args: [/bin/echo, "say \\"hi\\""]
            linux:
              namespaces: [{type: user}]
              uidMappings: [{containerID: 100, hostID: 200, size: 1}]
              gidMappings: [{containerID: 100, hostID: 200, size: 1}]
            """)
        let run = try PlanCLI.run(["plan", spec, "--format", "json"])
        #expect(run.stderr == "")
        #expect(run.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(root["spec"] as? String == spec)
        let steps = try #require(root["steps"] as? [[String: Any]])
        #expect(steps.map { $0["action"] as? String ?? "?" } == [
            "preflight", "createNamespaces", "createCgroup", "enterCgroup", "setgroups", "writeUIDMap", "writeGIDMap",
            "waitForParent", "setIdentity", "setUmask", "changeDirectory", "setEnvironment", "exec",
        ])
        #expect(steps.map { $0["number"] as? Int ?? 0 } == Array(1...13))
        #expect(steps[5]["description"] as? String == "write /proc/CHILD/uid_map: 100 200 1")
        #expect(steps[2]["path"] is NSNull)
        #expect(steps.last?["args"] as? [String] == ["/bin/echo", "say \"hi\""])
    }

    @Test func standardInputIsReadForDash() throws {
        let run = try PlanCLI.run(["plan", "-", "--format", "json"], stdin: "process: {args: [/bin/true]}\n")
        #expect(run.stderr == "")
        #expect(run.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(root["spec"] as? String == "-")
    }

    @Test func lintErrorsArePrintedAndNoPlan() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let spec = try dir.write("bad.yaml", """
            process:
              args: []
            """)
        let run = try PlanCLI.run(["plan", spec])
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(spec):2:9: error: `process.args` is empty: give at least the program to run [args-empty]
              args: []
                    ^

            """)
        #expect(run.status == 1)
    }

    @Test func lintWarningsArePrintedAndThePlanFollows() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        // A proc mount without a pid namespace is a warning, not an error.
        let spec = try dir.write("warn.yaml", """
            mounts:
              - {destination: /proc, type: proc, source: proc}
            process:
              args: [/bin/true]
            linux:
              namespaces: [mount]
            """)
        let run = try PlanCLI.run(["plan", spec])
        #expect(run.stderr == """
            \(spec):2:32: warning: mount /proc: a proc mount without a pid namespace shows the host's processes; \
            add `pid` to `linux.namespaces` [proc-without-pidns]
              - {destination: /proc, type: proc, source: proc}
                                           ^

            """)
        #expect(run.stdout == """
               1  parent  preflight: running as root, mount namespace supported
               2  parent  clone(CLONE_NEWNS)
               3  parent  create cgroup /mydocker-CONTAINER
               4  parent  move the child into its cgroup
               5  child   wait for the parent
               6  child   mount --make-rprivate /
               7  child   mount /proc: proc proc
               8  child   setgroups(), setgid(0), setuid(0)
               9  child   umask 0022
              10  child   chdir /
              11  child   set environment: (empty)
              12  child   execve /bin/true

            """)
        #expect(run.status == 0)
    }

    @Test func aMissingFileIsRefused() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let missing = dir.path + "/nope.yaml"
        let run = try PlanCLI.run(["plan", missing])
        #expect(run.stdout == "")
        #expect(run.stderr == "mydocker plan: cannot read \(missing): No such file or directory\n")
        #expect(run.status == 125)
    }

    @Test func aDirectoryIsRefused() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let run = try PlanCLI.run(["plan", dir.path])
        #expect(run.stderr == "mydocker plan: cannot read \(dir.path): Is a directory\n")
        #expect(run.status == 125)
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let dir = try Scratch(prefix: "mydocker-plan")
        let spec = try dir.write("uts.yaml", "process: {args: [/bin/true]}\n")
        let run = try PlanCLI.run(["plan", spec, "--format", "yaml"])
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("mydocker plan: The value 'yaml' is invalid for '--format <format>'"))
        #expect(run.status == 125)
    }
}

/// Runs the built `mydocker` with a fixed environment (no colour, the C locale).
enum PlanCLI {
    /// `mydocker ARGUMENTS`; `stdin` is written to its standard input (empty otherwise).
    static func run(_ arguments: [String], stdin: String = "") throws -> ProcessOutput {
        try #require(FileManager.default.isExecutableFile(atPath: MyDockerBinary.path), "build mydocker first: \(MyDockerBinary.path)")
        return try MyDockerBinary.run(arguments, environment: ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C"], stdin: stdin)
    }
}
