import Foundation
import Glibc
import Testing

/// A folder for one mount integration test: a busybox root file system (Debian's busybox-static),
/// spec files, images, and a private TMPDIR for mydocker that must stay empty. Runs the built
/// `mydocker` (the executable beside the test bundle) and checks what the host looks like after.
final class MountSandbox: Sendable {
    static let isRoot = getuid() == 0
    static let hasBusybox = FileManager.default.isExecutableFile(atPath: "/bin/busybox")

    /// The built mydocker: in the folder of this test bundle (`.build/debug/`).
    static let mydocker: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("mydocker").path
    }()

    let path: String
    var rootfs: String { path + "/rootfs" }
    /// mydocker's TMPDIR: anything left in it is a leak.
    var tmp: String { path + "/tmp" }

    init() throws {
        path = "/tmp/mydocker-mount-it.\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path + "/tmp", withIntermediateDirectories: true)
        try Self.makeRootfs(path + "/rootfs")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// ROOT/bin/busybox and a link for every applet but busybox itself, plus the usual mount points.
    static func makeRootfs(_ root: String) throws {
        let fm = FileManager.default
        for dir in ["bin", "proc", "sys", "dev", "tmp", "etc"] {
            try fm.createDirectory(atPath: "\(root)/\(dir)", withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        let applets = run(["/bin/busybox", "--list"]).stdout.split(separator: "\n").map(String.init)
        for applet in applets where applet != "busybox" {
            try fm.createSymbolicLink(atPath: "\(root)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/:/bin/sh\n".write(toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        try "root:x:0:\n".write(toFile: root + "/etc/group", atomically: false, encoding: .utf8)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    func makeDirectory(_ name: String) throws -> String {
        let dir = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An ext4 (or xfs) image made with mkfs; extra mkfs arguments (`-E root_owner=…`) may be given.
    func makeImage(_ name: String, type: String = "ext4", megabytes: Int = 32, mkfsArguments: [String] = []) throws -> String {
        let image = "\(path)/\(name)"
        try #require(Self.run(["truncate", "-s", "\(megabytes)M", image]).status == 0)
        let mkfs = type == "xfs" ? ["mkfs.xfs", "-q", "-f"] : ["mkfs.\(type)", "-q", "-F"]
        try #require(Self.run(mkfs + mkfsArguments + [image]).status == 0, "mkfs.\(type) failed")
        return image
    }

    /// `mydocker apply SPEC` with TMPDIR pointing into the sandbox.
    func apply(_ spec: String) -> (status: Int32, stdout: String, stderr: String) {
        Self.run([Self.mydocker, "apply", spec], environment: ["TMPDIR": tmp])
    }

    /// What a test must find after any apply: the image on no loop device, TMPDIR empty.
    func expectNoLeaks(images: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for image in images {
            #expect(Self.loopDevices(of: image).isEmpty, "\(image) is still attached to a loop device", sourceLocation: sourceLocation)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
        #expect(left.isEmpty, "left in TMPDIR: \(left)", sourceLocation: sourceLocation)
    }

    /// Runs a program; stdout and stderr go through files, so neither pipe can fill up.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, stdout: String, stderr: String) {
        let scratch = "/tmp/mydocker-mount-it-run.\(UUID().uuidString.prefix(8))"
        _ = FileManager.default.createFile(atPath: scratch + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        guard let out = FileHandle(forWritingAtPath: scratch + ".out"),
              let err = FileHandle(forWritingAtPath: scratch + ".err") else { return (-1, "", "cannot open scratch files") }
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (-1, "", "\(error)") }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let stdout = (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout, stderr)
    }

    static func hasProgram(_ name: String) -> Bool {
        run(["sh", "-c", "command -v \(name)"]).status == 0
    }

    /// The loop devices `image` is attached to now (`losetup -j`).
    static func loopDevices(of image: String) -> [String] {
        run(["losetup", "--noheadings", "--output", "NAME", "--associated", image]).stdout
            .split(separator: "\n").map(String.init)
    }

    static func mountInfo() -> String {
        (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
    }

    /// Reads a file of an ext4 image without mounting it (debugfs).
    static func readExt4(_ image: String, _ file: String) -> String {
        run(["debugfs", "-R", "cat \(file)", image]).stdout
    }

    /// Mounts `image` read-only in a private mount namespace (unshare -m) and prints `file`.
    static func readThroughMount(_ image: String, type: String, _ file: String, at directory: String) -> String {
        run(["unshare", "-m", "--propagation", "private", "sh", "-c",
             "mount -t \(type) -o loop,ro \"$1\" \"$2\" && cat \"$2/$3\"", "sh", image, directory, file]).stdout
    }
}
