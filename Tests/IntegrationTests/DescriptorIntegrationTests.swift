import Foundation
import Glibc
import Testing

/// Which of the caller's descriptors reach a container: stdin, stdout and stderr, and only the ones asked for
/// (`--preserve-fds`, socket activation's LISTEN_FDS), through apply in the foreground, apply --detach and exec.
/// The caller holds a directory (the host's root), a file and a socket without close-on-exec, as a shell's
/// redirections leave them: `( exec 8</ ; mydocker exec c -- cat /proc/self/fd/8/etc/hostname )` must not print
/// the host's hostname.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
final class DescriptorIntegrationTests {
    let work: Scratch
    let rootfs: String
    var state: String { work.path + "/state" }
    /// Ours, close-on-exec; the tests hand them to mydocker at other numbers.
    let hostRoot: Int32
    let file: Int32
    let socketEnds: [Int32]
    /// Unique per test: `sleep MARKER` finds this test's containers in the process table.
    let marker = String(Int.random(in: 100_000...999_999))

    init() throws {
        work = try Scratch(prefix: "mydocker-fds")
        rootfs = work.path + "/rootfs"
        try BusyboxRootfs.make(at: rootfs)
        hostRoot = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let path = try work.write("passed.txt", "passed into the container\n")
        file = open(path, O_RDONLY | O_CLOEXEC)
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        socketEnds = ends
        #expect(hostRoot >= 0 && file >= 0)
    }

    deinit {
        _ = try? StateCLI.run(["rm", "--root", state, "--force", "box"])
        for fd in [hostRoot, file] + socketEnds { close(fd) }
    }

    /// The strays every run gets besides what it asks for: the host's root at 7, a file at 8, a socket at 9.
    var strays: [Int32: Int32] { [7: hostRoot, 8: file, 9: socketEnds[0]] }

    func spec(_ script: String, extra: String = "", env: String = "[]") throws -> String {
        try work.write("spec-\(UUID().uuidString.prefix(8)).yaml", """
            hostname: fd-box
            root: {path: \(rootfs)}
            process:
              args: [/bin/sh, -c, '\(script)']
              env: \(env)
            mounts:
              - {destination: /proc, type: proc, source: proc}
            linux:
              namespaces: [uts, pid, ipc, mount]
            \(extra)
            """)
    }

    /// `ls /proc/self/fd` on one line: ls's own directory descriptor is the lowest free number.
    static let listDescriptors = "echo fds: $(ls /proc/self/fd)"

    func mydocker(_ arguments: [String], descriptors: [Int32: Int32], environment: [String: String]? = nil) -> ProcessOutput {
        ProcessRunner.spawnAndWait([MyDockerBinary.path] + arguments, environment: environment, descriptors: descriptors)
    }

    @Test func applyPassesOnlyStdio() throws {
        let before = try HostSnapshot.now()
        let output = mydocker(["apply", try spec(Self.listDescriptors)], descriptors: strays)
        #expect(output == .init(status: 0, stdout: "fds: 0 1 2 3\n", stderr: ""))
        // Without an init (the container's process is the child itself, exec'd in place) too.
        let noInit = try spec(Self.listDescriptors, extra: "annotations: {org.mydocker.init: \"false\"}")
        #expect(mydocker(["apply", noInit], descriptors: strays) == .init(status: 0, stdout: "fds: 0 1 2 3\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func preserveFDsPassesTheNextDescriptorsInOrder() throws {
        let script = "\(Self.listDescriptors); cat <&3; echo through-the-socket >&4"
        var descriptors = strays
        descriptors[3] = file
        descriptors[4] = socketEnds[0]
        for extra in ["", "annotations: {org.mydocker.init: \"false\"}"] {
            let output = mydocker(["apply", "--preserve-fds", "2", try spec(script, extra: extra)], descriptors: descriptors)
            #expect(output == .init(status: 0, stdout: "fds: 0 1 2 3 4 5\npassed into the container\n", stderr: ""), "\(extra)")
            #expect(Self.readAvailable(socketEnds[1]) == "through-the-socket\n")
            _ = lseek(file, 0, SEEK_SET)
        }
    }

    @Test func aPreservedDescriptorThatIsNotOpenIsRefusedBeforeAnythingStarts() throws {
        let before = try HostSnapshot.now()
        let output = mydocker(["apply", "--preserve-fds", "2", try spec("true")], descriptors: [3: file])
        #expect(output.status == 125)
        #expect(output.stderr == "mydocker apply: pass descriptors into the container: fcntl(F_GETFD) of descriptor 4: Bad file descriptor: --preserve-fds 2 passes descriptors 3 to 4: each must be open\n")
        try HostSnapshot.expectUnchanged(since: before)
        let usage = mydocker(["apply", "--preserve-fds=-1", try spec("true")], descriptors: [:])
        #expect(usage.status == 125)
        #expect(usage.stderr.hasPrefix("mydocker apply: --preserve-fds takes a number of descriptors from 0 to 200, not \"-1\"\n"), "\(usage)")
    }

    /// Socket activation as runc handles it: LISTEN_FDS meant for apply (LISTEN_PID its pid) passes descriptors 3
    /// on, before the preserved ones, and the container's process finds LISTEN_FDS and LISTEN_PID set for itself.
    @Test func socketActivationDescriptorsPassWithTheirVariables() throws {
        let script = "\(Self.listDescriptors); echo listen=$LISTEN_FDS pid=$LISTEN_PID self=$$; cat <&5"
        var descriptors = strays
        descriptors[3] = socketEnds[0]
        descriptors[4] = hostRoot
        descriptors[5] = file
        // sh makes LISTEN_PID its own pid, which exec hands to mydocker.
        func apply(_ extra: String = "", env: String = "[]", listenPID: String = "$$") throws -> ProcessOutput {
            _ = lseek(file, 0, SEEK_SET)
            let command = "LISTEN_PID=\(listenPID) LISTEN_FDS=2 exec \"$0\" apply --preserve-fds 1 \"$1\""
            return ProcessRunner.spawnAndWait(["/bin/sh", "-c", command, MyDockerBinary.path, try spec(script, extra: extra, env: env)],
                                              descriptors: descriptors)
        }
        // With init the process is PID 2; without, PID 1.
        // A LISTEN_PID of the spec's own is replaced.
        let withInit = try apply(env: "[LISTEN_PID=stale]")
        #expect(withInit == .init(status: 0, stdout: "fds: 0 1 2 3 4 5 6\nlisten=2 pid=2 self=2\npassed into the container\n", stderr: ""))
        let withoutInit = try apply("annotations: {org.mydocker.init: \"false\"}")
        #expect(withoutInit == .init(status: 0, stdout: "fds: 0 1 2 3 4 5 6\nlisten=2 pid=1 self=1\npassed into the container\n", stderr: ""))
        // Meant for another process: ignored, so the preserved descriptor is 3.
        let notOurs = try apply(listenPID: "1")
        #expect(notOurs.stdout.hasPrefix("fds: 0 1 2 3 4\nlisten= pid= self=2\n"), "\(notOurs)")
    }

    @Test func detachedContainersAndExecPassOnlyStdio() throws {
        let before = try HostSnapshot.now()
        var descriptors = strays
        descriptors[3] = file
        let script = "\(Self.listDescriptors); cat <&3; exec sleep \(marker)"
        let started = mydocker(["apply", "--root", state, "--name", "box", "--detach", "--preserve-fds", "1", try spec(script)],
                               descriptors: descriptors)
        #expect(started == .init(status: 0, stdout: "box\n", stderr: ""))
        let expected = "fds: 0 1 2 3 4\npassed into the container\n"
        #expect(waitUntil(seconds: 10) { (try? StateCLI.run(["logs", "--root", state, "box"]).stdout) == expected })
        // The monitor keeps none of them once the container holds its own.
        let monitor = HostProcesses.all().first { $0.words.contains("monitor") && $0.words.contains(state) }
        let monitorFiles = monitor.map { process in
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/fd")) ?? []).compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.pid)/fd/\($0)")
            }
        } ?? []
        #expect(monitor != nil && !monitorFiles.contains { $0.hasSuffix("passed.txt") || $0 == "/" }, "\(monitorFiles)")

        let listed = mydocker(["exec", "--root", state, "box", "--", "sh", "-c", Self.listDescriptors], descriptors: strays)
        #expect(listed == .init(status: 0, stdout: "fds: 0 1 2 3\n", stderr: ""))
        // The escape: the host's root at descriptor 8 of exec must not reach the container.
        let escape = mydocker(["exec", "--root", state, "box", "--", "cat", "/proc/self/fd/8/etc/hostname"], descriptors: [8: hostRoot])
        #expect(escape.status != 0)
        #expect(escape.stdout == "")
        _ = lseek(file, 0, SEEK_SET)
        let preserved = mydocker(["exec", "--root", state, "--preserve-fds", "1", "box", "--", "sh", "-c", "\(Self.listDescriptors); cat <&3"],
                                 descriptors: [3: file])
        #expect(preserved == .init(status: 0, stdout: "fds: 0 1 2 3 4\npassed into the container\n", stderr: ""))
        let missing = mydocker(["exec", "--root", state, "--preserve-fds", "1", "box", "--", "true"], descriptors: [:])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("fcntl(F_GETFD) of descriptor 3: Bad file descriptor"), "\(missing)")

        #expect(try StateCLI.run(["rm", "--root", state, "--force", "box"]).status == 0)
        #expect(waitUntil(seconds: 10) { HostProcesses.pids(withArgument: marker).isEmpty })
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// What the socket's other end has, without waiting.
    static func readAvailable(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}
