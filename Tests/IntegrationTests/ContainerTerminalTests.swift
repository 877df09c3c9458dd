import Foundation
import Glibc
import Testing

/// `process.terminal` (and `exec --tty`) in a container that mounts its own devpts, with runc's /dev layout: the
/// terminal comes from that devpts, as runc allocates it inside the container, so `tty` names /dev/pts/0 of the
/// container's own /dev/pts (with a terminal from the host's devpts, it prints "not a tty"). script(1) gives
/// mydocker a terminal of its own.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers"))
final class ContainerTerminalTests {
    let work: Scratch
    let rootfs: String
    var state: String { work.path + "/state" }
    let marker = String(Int.random(in: 100_000...999_999))

    /// The part of runc's default mounts that makes /dev: a tmpfs, its own devpts, shm and mqueue.
    static let runcDev = """
          - {destination: /proc, type: proc, source: proc}
          - {destination: /dev, type: tmpfs, source: tmpfs, options: [nosuid, strictatime, mode=755, size=65536k]}
          - {destination: /dev/pts, type: devpts, source: devpts, options: [nosuid, noexec, newinstance, ptmxmode=0666, mode=0620, gid=5]}
          - {destination: /dev/shm, type: tmpfs, source: shm, options: [nosuid, noexec, nodev, mode=1777, size=65536k]}
          - {destination: /dev/mqueue, type: mqueue, source: mqueue, options: [nosuid, noexec, nodev]}
        """

    static let userNamespace = """
          uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
          gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
        """

    /// Which terminal the shell has, whether it is one of the devpts at /dev/pts, and who owns it.
    static let probe = "tty; [ \"$(stat -Lc %d /proc/self/fd/0)\" = \"$(stat -c %d /dev/pts)\" ] && echo own-devpts; stat -Lc %u /proc/self/fd/0"

    init() throws {
        work = try Scratch(prefix: "mydocker-tty")
        rootfs = work.path + "/rootfs"
        try BusyboxRootfs.make(at: rootfs)
    }

    deinit {
        _ = try? StateCLI.run(["rm", "--root", state, "--force", "box"])
    }

    func spec(terminal: Bool = true, user: String = "{uid: 0, gid: 0}", args: String, mounts: String = runcDev,
              userns: Bool = false) throws -> String {
        try work.write("spec-\(UUID().uuidString.prefix(8)).yaml", """
            hostname: tty-box
            root: {path: \(rootfs)}
            process:
              terminal: \(terminal)
              user: \(user)
              args: \(args)
            mounts:
            \(mounts)
            linux:
              namespaces: [\(userns ? "user, " : "")uts, pid, ipc, mount]
            \(userns ? Self.userNamespace : "")
            """)
    }

    /// `mydocker ARGUMENTS` on a terminal of its own (script): everything it and the container wrote there, without
    /// carriage returns, and the status.
    func onTerminal(_ arguments: [String]) -> ProcessOutput {
        let command = ([MyDockerBinary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let output = ProcessRunner.spawnAndWait(["/usr/bin/script", "-qec", command, "/dev/null"])
        let text = output.stdout.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "^@", with: "")
        return ProcessOutput(status: output.status, stdout: text, stderr: output.stderr)
    }

    /// process.consoleSize is the terminal's first size, from the container's devpts and from the host's alike.
    @Test(arguments: [true, false])
    func consoleSizeIsTheTerminalsFirstSize(ownDevpts: Bool) throws {
        let before = try HostSnapshot.now()
        let path = try spec(args: "[/bin/stty, size]", mounts: ownDevpts ? Self.runcDev : "  - {destination: /proc, type: proc, source: proc}")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "  terminal: true", with: "  terminal: true\n  consoleSize: {height: 31, width: 97}")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let output = onTerminal(["apply", path])
        #expect(output == .init(status: 0, stdout: "31 97\n", stderr: ""), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// With a terminal and a /dev of its own, /dev/console is the container's terminal (runc binds it there): from
    /// the container's devpts, and from the host's when the spec mounts none.
    @Test(arguments: [true, false])
    func devConsoleIsTheTerminal(ownDevpts: Bool) throws {
        let before = try HostSnapshot.now()
        let devOnly = "  - {destination: /proc, type: proc, source: proc}\n  - {destination: /dev, type: tmpfs, source: tmpfs, options: [nosuid, mode=755]}"
        let output = onTerminal(["apply", try spec(args: "[/bin/stat, -L, -c, '%t:%T', /dev/console, /proc/self/fd/0]",
                                                   mounts: ownDevpts ? Self.runcDev : devOnly)])
        let lines = output.stdout.split(separator: "\n")
        #expect(output.status == 0 && lines.count == 2 && lines[0] == lines[1], "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func theTerminalComesFromTheContainersOwnDevpts() throws {
        let before = try HostSnapshot.now()
        let output = onTerminal(["apply", try spec(args: "[/bin/sh, -c, '\(Self.probe)']")])
        #expect(output == .init(status: 0, stdout: "/dev/pts/0\nown-devpts\n0\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// With a user namespace (0 → 100000) and a user of its own: the child allocates the terminal as root of the
    /// namespace and gives it to the user.
    @Test func inAUserNamespaceTheContainersUserOwnsIt() throws {
        let before = try HostSnapshot.now()
        let output = onTerminal(["apply", try spec(user: "{uid: 1000, gid: 1000}", args: "[/bin/sh, -c, '\(Self.probe)']", userns: true)])
        #expect(output == .init(status: 0, stdout: "/dev/pts/0\nown-devpts\n1000\n", stderr: ""))
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func execTtyUsesTheContainersDevptsToo() throws {
        let before = try HostSnapshot.now()
        let path = try spec(terminal: false, args: "[/bin/sleep, '\(marker)']", userns: true)
        #expect(try StateCLI.run(["apply", "--root", state, "--name", "box", "--detach", path]).status == 0)
        let output = onTerminal(["exec", "--root", state, "--tty", "box", "--", "sh", "-c", Self.probe])
        #expect(output == .init(status: 0, stdout: "/dev/pts/0\nown-devpts\n0\n", stderr: ""))
        #expect(try StateCLI.run(["rm", "--root", state, "--force", "box"]).status == 0)
        #expect(waitUntil(seconds: 10) { HostProcesses.pids(withArgument: marker).isEmpty })
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// A failure of the new step: the devpts the plan mounts at /dev/pts is covered by a tmpfs, so the child finds
    /// no ptmx there. apply says which step, the child is gone, nothing is left on the host.
    @Test func noPtmxAtDevPtsFailsTheTerminalStep() throws {
        let before = try HostSnapshot.now()
        let covered = Self.runcDev + "\n  - {destination: /dev/pts, type: tmpfs, source: tmpfs}"
        let output = onTerminal(["apply", try spec(args: "[/bin/sleep, '\(marker)']", mounts: covered)])
        #expect(output.status == 125)
        #expect(output.stdout.contains("(allocate the terminal from the container's /dev/pts): open /dev/pts/ptmx: No such file or directory\n"), "\(output)")
        #expect(HostProcesses.pids(withArgument: marker).isEmpty)
        try HostSnapshot.expectUnchanged(since: before)
    }
}
