import CShim
import Foundation
import Glibc
import LinuxSystem
import Testing
import TestSupport
@testable import Cgroups

/// The statfs(2) magic of the file system at `path`, 0 when it cannot be read.
private func fileSystemMagic(_ path: String) -> Int64 {
    var magic: Int64 = 0
    return md_kernel_fs_magic(path, &magic) == 0 ? magic : 0
}

/// The cgroup v2 hierarchy to try programs in: /sys/fs/cgroup/unified on a hybrid host, /sys/fs/cgroup on a
/// unified one; nil when there is none.
private let v2Hierarchy = ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"].first { fileSystemMagic($0) == 0x6367_7270 }  // CGROUP2_SUPER_MAGIC
/// The cgroup v1 devices hierarchy, when it is mounted.
private let v1Devices = Directory.exists("/sys/fs/cgroup/devices/devices.allow") ? "/sys/fs/cgroup/devices" : nil

/// The prefix of the cgroups these tests make; after each test none is left.
private let scratchPrefix = "mydocker-test-devices-\(getpid())-"

/// The cgroups of this process's tests still in `hierarchy`.
private func leftovers(in hierarchy: String) -> [String] {
    ((try? Directory.entries(hierarchy)) ?? []).filter { $0.hasPrefix(scratchPrefix) }
}

/// A cgroup made for one test under `hierarchy`, removed when released (its processes killed first).
private final class ScratchCgroup {
    let path: String

    init(under hierarchy: String) throws {
        path = "\(hierarchy)/\(scratchPrefix)\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(path, 0o755) == 0 else { throw TestError(errno) }
    }

    /// Kills what is left in it and removes it; whether it is gone.
    @discardableResult
    func remove() -> Bool {
        for _ in 0..<200 {
            if rmdir(path) == 0 || errno == ENOENT { return true }
            for pid in fileText(path + "/cgroup.procs").split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            usleep(10_000)
        }
        return false
    }

    deinit { remove() }
}

/// The device checks a helper makes, given a node for /dev/kmsg (c 1:11) as $1 and a folder to make one in as $2.
private let checks = """
    for f in /dev/null /dev/zero /dev/urandom "$1"; do true <"$f" && echo "read $f: ok"; done
    true <>/dev/null && echo "read-write /dev/null: ok"
    mknod "$2/made" c 1 11 && echo "mknod c 1:11: ok"
    true <"$2/made" && echo "read made: ok"
    rm -f "$2/made"
    """

/// Runs `checks` in /bin/sh, moved into the cgroup whose `cgroup.procs` is `procs` (when given) before it does
/// anything: the output lines (stderr with stdout), dash's `sh: N: ` before a failure dropped.
private func runChecks(in procs: String?, kmsg: String, folder: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "read gate; exec 2>&1\n" + checks, "sh", kmsg, folder]
    let input = Foundation.Pipe()
    let output = Foundation.Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    if let procs, let failure = Sys.writeFile(procs, "\(process.processIdentifier)") {
        process.terminate()
        process.waitUntilExit()
        throw CgroupError(what: "move the helper into \(procs)", cause: failure)
    }
    input.fileHandleForWriting.write(Data("go\n".utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
        line.range(of: "cannot open ").map { String(line[$0.lowerBound...]) } ?? String(line)
    }
}

/// A folder with a node for /dev/kmsg, made outside any restricted cgroup.
private func kmsgNode() throws -> (TempDirectory, String) {
    let folder = try TempDirectory()
    let kmsg = folder.path + "/kmsg"
    guard mknod(kmsg, S_IFCHR | 0o600, 1 << 8 | 11) == 0 else { throw TestError(errno) }  // makedev(1, 11)
    return (folder, kmsg)
}

/// What the checks print where only the default devices may be opened.
private func restricted(_ folder: String, _ kmsg: String) -> [String] {
    [
        "read /dev/null: ok", "read /dev/zero: ok", "read /dev/urandom: ok",
        "cannot open \(kmsg): Operation not permitted",
        "read-write /dev/null: ok", "mknod c 1:11: ok",
        "cannot open \(folder)/made: Operation not permitted",
    ]
}

/// What they print where nothing is restricted.
private func unrestricted(_ folder: String, _ kmsg: String) -> [String] {
    ["read /dev/null: ok", "read /dev/zero: ok", "read /dev/urandom: ok", "read \(kmsg): ok", "read-write /dev/null: ok", "mknod c 1:11: ok", "read made: ok"]
}

@Suite(.serialized) struct DeviceCgroupTests {
    @Test(.enabled(if: isRoot, "makes cgroups, device nodes and BPF programs: needs root"),
          .enabled(if: v2Hierarchy != nil, "no cgroup v2 hierarchy at /sys/fs/cgroup/unified or /sys/fs/cgroup"))
    func aV2ProgramLetsOnlyTheDefaultDevicesBeOpened() throws {
        let hierarchy = try #require(v2Hierarchy)
        let (folder, kmsg) = try kmsgNode()
        #expect(try runChecks(in: nil, kmsg: kmsg, folder: folder.path) == unrestricted(folder.path, kmsg))
        do {
            let cgroup = try ScratchCgroup(under: hierarchy)
            let directory = try FileDescriptor.open(cgroup.path, O_RDONLY | O_DIRECTORY)
            let program = try DeviceProgram(rules: DeviceRules.effective(specRules: [DeviceRules.denyAll]))
            try program.install(on: directory, path: cgroup.path)
            let first = try DeviceProgram.attached(to: directory, path: cgroup.path)
            #expect(first.map(\.name) == [DeviceProgram.name])
            try program.install(on: directory, path: cgroup.path)  // an update replaces the program
            let second = try DeviceProgram.attached(to: directory, path: cgroup.path)
            #expect(second.map(\.name) == [DeviceProgram.name])
            #expect(second.map(\.id) != first.map(\.id))

            #expect(try runChecks(in: cgroup.path + "/cgroup.procs", kmsg: kmsg, folder: folder.path) == restricted(folder.path, kmsg))

            try DeviceProgram.detachAll(from: directory, path: cgroup.path)
            #expect(try DeviceProgram.attached(to: directory, path: cgroup.path).isEmpty)
            #expect(try runChecks(in: cgroup.path + "/cgroup.procs", kmsg: kmsg, folder: folder.path) == unrestricted(folder.path, kmsg))
            #expect(cgroup.remove())
        }
        #expect(leftovers(in: hierarchy).isEmpty)
    }

    @Test(.enabled(if: isRoot, "loads BPF programs: needs root"))
    func aProgramTheVerifierRefusesCarriesItsLog() throws {
        let program = DeviceProgram(rules: [], instructions: [.move(0, 0), .return, .move(0, 1), .return])
        do {
            _ = try program.load()
            Issue.record("the verifier took a program with unreachable instructions")
        } catch {
            #expect(error.what == "load the device program (4 instructions for 0 rules)")
            #expect(error.cause.call == "bpf(BPF_PROG_LOAD)")
            #expect(error.cause.errno == EINVAL)
            #expect(error.cause.hint?.contains("unreachable insn 2") == true, "\(error)")
        }
    }

    @Test(.enabled(if: isRoot, "makes cgroups and device nodes: needs root"),
          .enabled(if: v1Devices != nil, "no cgroup v1 devices hierarchy at /sys/fs/cgroup/devices"))
    func v1WritesLetOnlyTheDefaultDevicesBeOpened() throws {
        let hierarchy = try #require(v1Devices)
        let (folder, kmsg) = try kmsgNode()
        do {
            let cgroup = try ScratchCgroup(under: hierarchy)
            let directory = try FileDescriptor.open(cgroup.path, O_RDONLY | O_DIRECTORY)
            try DeviceRules.applyV1(DeviceRules.effective(specRules: [DeviceRules.denyAll]), to: directory, path: cgroup.path)
            #expect(fileText(cgroup.path + "/devices.list").split(separator: "\n") == [
                "c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm", "c 1:5 rwm", "c 1:9 rwm",
                "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm",
            ])
            #expect(try runChecks(in: cgroup.path + "/cgroup.procs", kmsg: kmsg, folder: folder.path) == restricted(folder.path, kmsg))
            #expect(cgroup.remove())
        }
        #expect(leftovers(in: hierarchy).isEmpty)
    }

    @Test(.enabled(if: isRoot, "makes cgroups: needs root"),
          .enabled(if: v1Devices != nil, "no cgroup v1 devices hierarchy at /sys/fs/cgroup/devices"))
    func aV1WriteTheKernelRefusesNamesTheFileAndTheLine() throws {
        let hierarchy = try #require(v1Devices)
        do {
            let cgroup = try ScratchCgroup(under: hierarchy)
            // The kernel refuses `a` (reset) on a cgroup that has children.
            let child = try ScratchCgroup(under: cgroup.path)
            let directory = try FileDescriptor.open(cgroup.path, O_RDONLY | O_DIRECTORY)
            #expect(throws: CgroupError(what: "write `a` to devices.deny of \(cgroup.path)", call: "write devices.deny", errno: EINVAL)) {
                try DeviceRules.applyV1([DeviceRules.denyAll], to: directory, path: cgroup.path)
            }
            #expect(throws: CgroupError(what: "open devices.allow of /tmp", call: "open devices.allow", errno: ENOENT,
                                        hint: "/tmp is not in a devices controller's hierarchy")) {
                let notACgroup = try FileDescriptor.open("/tmp", O_RDONLY | O_DIRECTORY)
                try DeviceRules.applyV1([DeviceRules.denyAll], to: notACgroup, path: "/tmp")
            }
            #expect(child.remove())
            #expect(cgroup.remove())
        }
        #expect(leftovers(in: hierarchy).isEmpty)
    }
}
