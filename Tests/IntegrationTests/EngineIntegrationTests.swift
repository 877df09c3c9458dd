import Foundation
import Glibc
import Testing

/// What podman and containerd users see of a container when the runtime under them is mydocker (or, with
/// MYDOCKER_ENGINE_RUNTIME, runc): the same checks for both engines, each in its own suite below.
enum EngineChecks {
    /// Standard output and error apart, and the exit code as the container's process gave it.
    static func outputAndExitCode(_ engine: any Engine) {
        let run = engine.run(EngineRunOptions(), ["/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 7"])
        #expect(run.status == 7, "\(engine.name): \(run)")
        #expect(run.stdout == "to-stdout\n", "\(engine.name): \(run)")
        #expect(run.stderr.contains("to-stderr"), "\(engine.name): \(run)")
    }

    /// The environment, the working directory and the hostname the engine put in the spec.
    static func environmentDirectoryAndHostname(_ engine: any Engine) {
        var options = EngineRunOptions()
        options.environment = ["ENGTEST_VALUE": "two words"]
        options.workingDirectory = "/tmp"
        options.hostname = "engtest-host"
        let run = engine.run(options, ["/bin/sh", "-c", "echo \"$ENGTEST_VALUE\"; pwd; hostname"])
        #expect(run.stdout == "two words\n/tmp\nengtest-host\n", "\(engine.name): \(run)")
        #expect(run.status == 0, "\(engine.name): \(run)")
        #expect(HostSnapshot.hostname() != "engtest-host")
    }

    /// A read-write bind mount writes through to the host's folder; a read-only one refuses writes.
    static func bindMounts(_ engine: any Engine) throws {
        let shared = try makeEngineWorkDirectory("bind")
        defer { removeEngineWorkDirectory(shared) }
        try "from the host\n".write(toFile: shared + "/from-host.txt", atomically: false, encoding: .utf8)
        var options = EngineRunOptions()
        options.binds = [(shared, "/data", false), (shared, "/data-ro", true)]
        let run = engine.run(options, ["/bin/sh", "-c",
            "cat /data/from-host.txt; echo inside > /data/from-inside.txt; touch /data-ro/nope 2>/dev/null; echo \"ro $?\""])
        #expect(run.stdout == "from the host\nro 1\n", "\(engine.name): \(run)")
        #expect(run.status == 0, "\(engine.name): \(run)")
        #expect((try? String(contentsOfFile: shared + "/from-inside.txt", encoding: .utf8)) == "inside\n")
        #expect(!FileManager.default.fileExists(atPath: shared + "/nope"))
    }

    /// `--read-only`: the root file system refuses writes.
    static func readOnlyRoot(_ engine: any Engine) {
        var options = EngineRunOptions()
        options.readOnlyRoot = true
        let run = engine.run(options, ["/bin/sh", "-c", "touch /engtest-nope 2>/dev/null; echo \"root $?\"; awk '$5 == \"/\" { split($6, o, \",\"); print o[1] }' /proc/self/mountinfo | tail -n 1"])
        #expect(run.stdout == "root 1\nro\n", "\(engine.name): \(run)")
        #expect(run.status == 0, "\(engine.name): \(run)")
        #expect(!FileManager.default.fileExists(atPath: engine.rootfs + "/engtest-nope"))
    }

    /// A user and group that are not root, with no capability left.
    static func nonRootUser(_ engine: any Engine) {
        var options = EngineRunOptions()
        options.user = "1000:1001"
        let run = engine.run(options, ["/bin/sh", "-c", "id -u; id -g; grep CapEff /proc/self/status"])
        #expect(run.stdout == "1000\n1001\nCapEff:\t0000000000000000\n", "\(engine.name): \(run)")
        #expect(run.status == 0, "\(engine.name): \(run)")
    }

    /// A container started in the background, stopped with SIGTERM (the process's trap gives the exit code), and
    /// removed; with `exec`, exec'd into first (its output and exit code).
    static func detachStopRemove(_ engine: any Engine, id: String, exec: Bool = false) {
        let started = engine.startDetached(id, ["/bin/sh", "-c", "trap 'exit 3' TERM; echo started; while :; do sleep 0.1; done"])
        #expect(started.status == 0, "\(engine.name): \(started)")
        if exec {
            let exec = engine.exec(id, ["/bin/sh", "-c", "echo exec-$((40 + 2)); tr '\\0' ' ' < /proc/1/cmdline"])
            #expect(exec.stdout.hasPrefix("exec-42\n/bin/sh -c trap"), "\(engine.name): \(exec)")
            #expect(exec.status == 0, "\(engine.name): \(exec)")
            #expect(engine.exec(id, ["/bin/sh", "-c", "exit 5"]).status == 5)
        }
        #expect(engine.stop(id) == 3, "\(engine.name): the trap's exit code")
        #expect(engine.remove(id), "\(engine.name): remove")
    }
}

@Suite(.serialized, .enabled(if: EngineRuntime.canRun([PodmanEngine.program]), EngineRuntime.skipReason))
struct PodmanEngineTests {
    /// Runs `check` with a podman of its own, then removes all of it; a mount of its folder left on the host fails
    /// the test (``removeEngineWorkDirectory(_:sourceLocation:)``).
    func withPodman(_ check: (PodmanEngine) throws -> Void) throws {
        let engine = try PodmanEngine()
        defer { engine.shutdown() }
        try check(engine)
    }

    @Test func outputAndExitCode() throws { try withPodman(EngineChecks.outputAndExitCode) }
    @Test func environmentDirectoryAndHostname() throws { try withPodman(EngineChecks.environmentDirectoryAndHostname) }
    @Test func bindMounts() throws { try withPodman(EngineChecks.bindMounts) }
    @Test func nonRootUser() throws { try withPodman(EngineChecks.nonRootUser) }

    /// podman binds its own files (/etc/hosts, /etc/hostname, /run/.containerenv) onto mount points the busybox root
    /// lacks: they are made in the root as files, as runc makes them.
    @Test func podmansFilesOnMountPointsTheRootLacks() throws {
        try withPodman { engine in
            for missing in ["/etc/hosts", "/etc/hostname", "/run"] {
                #expect(!FileManager.default.fileExists(atPath: engine.rootfs + missing), "\(missing) is in the test's root")
            }
            var options = EngineRunOptions()
            options.hostname = "engtest-files"
            // (podman writes /etc/hostname without a newline.)
            let run = engine.run(options, ["/bin/sh", "-c", "cat /etc/hostname; echo; grep -c engtest-files /etc/hosts; test -f /run/.containerenv && echo containerenv"])
            #expect(run.stdout == "engtest-files\n1\ncontainerenv\n", "\(run)")
            #expect(run.status == 0, "\(run)")
            var status = stat()
            #expect(stat(engine.rootfs + "/etc/hosts", &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
        }
    }

    /// podman's `--read-only` also puts tmpfs mounts with `tmpcopyup` on /tmp, /run and /var/tmp.
    @Test func readOnlyRootWithCopiedUpTmpfs() throws {
        try withPodman { engine in
            EngineChecks.readOnlyRoot(engine)
            try FileManager.default.createDirectory(atPath: engine.rootfs + "/run/engtest", withIntermediateDirectories: true)
            try "kept\n".write(toFile: engine.rootfs + "/run/engtest/file", atomically: false, encoding: .utf8)
            var options = EngineRunOptions()
            options.readOnlyRoot = true
            let run = engine.run(options, ["/bin/sh", "-c", "cat /run/engtest/file; touch /run/new && echo writable"])
            #expect(run.stdout == "kept\nwritable\n", "\(run)")
            #expect(!FileManager.default.fileExists(atPath: engine.rootfs + "/run/new"))
        }
    }

    /// `--tty`: the container's standard streams are a terminal (lines end in CR LF).
    @Test func terminal() throws {
        try withPodman { engine in
            var options = EngineRunOptions()
            options.terminal = true
            let run = engine.run(options, ["/bin/sh", "-c", "test -t 0 && test -t 1 && echo on-a-tty"])
            #expect(run.stdout == "on-a-tty\r\n", "\(run)")
            #expect(run.status == 0, "\(run)")
        }
    }

    @Test func detachStopRemove() throws {
        try withPodman { engine in EngineChecks.detachStopRemove(engine, id: "engtest-podman-detached") }
    }

    @Test(.enabled(if: EngineRuntime.hasExecProcess, EngineRuntime.noExecReason))
    func execIntoADetachedContainer() throws {
        try withPodman { engine in EngineChecks.detachStopRemove(engine, id: "engtest-podman-exec", exec: true) }
    }

    @Test func detachedLogs() throws {
        try withPodman { engine in
            #expect(engine.startDetached("engtest-podman-logs", ["/bin/sh", "-c", "echo started; sleep 1000"]).status == 0)
            #expect(waitUntil(seconds: 20) { engine.logs("engtest-podman-logs").stdout == "started\n" })
        }
    }
}

@Suite(.serialized, .enabled(if: EngineRuntime.canRun([ContainerdEngine.daemonProgram, ContainerdEngine.ctrProgram]), EngineRuntime.skipReason))
struct ContainerdEngineTests {
    /// Runs `check` with a containerd of its own, then stops it and removes all of it; a mount of its folder left on
    /// the host fails the test (``removeEngineWorkDirectory(_:sourceLocation:)``).
    func withContainerd(_ check: (ContainerdEngine) throws -> Void) throws {
        let engine = try ContainerdEngine()
        defer { engine.shutdown() }
        try check(engine)
    }

    @Test func outputAndExitCode() throws { try withContainerd(EngineChecks.outputAndExitCode) }
    @Test func environmentDirectoryAndHostname() throws { try withContainerd(EngineChecks.environmentDirectoryAndHostname) }
    @Test func bindMounts() throws { try withContainerd(EngineChecks.bindMounts) }
    @Test func readOnlyRoot() throws { try withContainerd(EngineChecks.readOnlyRoot) }
    @Test func nonRootUser() throws { try withContainerd(EngineChecks.nonRootUser) }

    @Test func detachStopRemove() throws {
        try withContainerd { engine in EngineChecks.detachStopRemove(engine, id: "engtest-ctrd-detached") }
    }

    @Test(.enabled(if: EngineRuntime.hasExecProcess, EngineRuntime.noExecReason))
    func execIntoADetachedContainer() throws {
        try withContainerd { engine in EngineChecks.detachStopRemove(engine, id: "engtest-ctrd-exec", exec: true) }
    }

    /// `ctr run --tty` on a terminal of its own: the container's streams are the pty the runtime made.
    @Test func terminal() throws {
        try withContainerd { engine in
            let session = try engine.runOnTerminal(EngineRunOptions(), ["/bin/sh", "-c", "test -t 0 && test -t 1 && echo on-a-tty"])
            #expect(session.waitForOutput("on-a-tty"), "\(session.output)")
            #expect(session.wait(seconds: 30) == 0)
        }
    }
}
