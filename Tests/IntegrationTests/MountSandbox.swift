import Foundation
import Glibc
import Testing

/// A folder for one mount integration test: a busybox root file system (Debian's busybox-static),
/// spec files, images, and a private TMPDIR for mydocker that must stay empty. Runs the built
/// `mydocker` and checks what the host looks like after.
final class MountSandbox: Scratch, @unchecked Sendable {
    var rootfs: String { path + "/rootfs" }
    /// mydocker's TMPDIR: anything left in it is a leak.
    var tmp: String { path + "/tmp" }

    init() throws {
        try super.init(prefix: "mydocker-mount-it")
        try makeDirectory("tmp")
        try BusyboxRootfs.make(at: rootfs)
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
    func apply(_ spec: String) -> ProcessOutput {
        Self.run([MyDockerBinary.path, "apply", spec], environment: ["TMPDIR": tmp])
    }

    /// What a test must find after any apply: the image on no loop device, TMPDIR empty.
    func expectNoLeaks(images: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for image in images {
            #expect(HostSnapshot.loopDevices(of: image).isEmpty, "\(image) is still attached to a loop device", sourceLocation: sourceLocation)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
        #expect(left.isEmpty, "left in TMPDIR: \(left)", sourceLocation: sourceLocation)
    }

    /// Runs a program (a path or a name in PATH) with our environment and `environment` on top.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> ProcessOutput {
        ProcessRunner.runCatching(arguments, environment: ProcessRunner.inheritedEnvironment(changing: environment))
    }

    static func hasProgram(_ name: String) -> Bool {
        run(["sh", "-c", "command -v \(name)"]).status == 0
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
