import Foundation
import Glibc

/// Helpers for the mount tests: temporary folders, shell tools (losetup, mkfs), small file reads.
public enum MountTestSupport {
    public static let isRoot = getuid() == 0

    /// A new folder under /tmp, removed by the caller with ``remove(_:)``.
    public static func makeTemporaryDirectory() -> String {
        let path = "/tmp/mydocker-mount-test.\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            fatalError("cannot make \(path): \(error)")  // the machine, not the code under test, is broken
        }
        return path
    }

    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs a program and returns its exit status and standard output.
    @discardableResult
    public static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public static func hasProgram(_ name: String) -> Bool {
        run(["sh", "-c", "command -v \(name)"]).status == 0
    }

    /// The loop devices `image` is attached to now (`losetup -j`).
    public static func loopDevices(of image: String) -> [String] {
        run(["losetup", "--noheadings", "--output", "NAME", "--associated", image]).output
            .split(separator: "\n").map(String.init)
    }

    /// The loop devices `image` is still attached to once the last close has had its effect.
    ///
    /// Other tests of this process start programs meanwhile: a child between fork and exec holds a
    /// copy of every descriptor (close-on-exec ones too), so a mount closed here at that moment is
    /// released when that child execs, a little later. Asks again, up to 200 times, 10 ms apart.
    public static func loopDevicesAfterRelease(of image: String) -> [String] {
        var devices = loopDevices(of: image)
        var tries = 0
        while !devices.isEmpty && tries < 200 {
            usleep(10_000)
            devices = loopDevices(of: image)
            tries += 1
        }
        return devices
    }

    /// A file system image of `megabytes` made with mkfs.`type` (ext4: `mkfs.ext4 -q -F`).
    public static func makeImage(_ path: String, type: String = "ext4", megabytes: Int = 32) -> Bool {
        guard run(["truncate", "-s", "\(megabytes)M", path]).status == 0 else { return false }
        switch type {
        case "ext4": return run(["mkfs.ext4", "-q", "-F", path]).status == 0
        case "xfs": return run(["mkfs.xfs", "-q", "-f", path]).status == 0
        default: return false
        }
    }

    public static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    public static func mountInfo() -> String {
        read("/proc/self/mountinfo") ?? ""
    }

    /// Writes `text` to `name` under the directory (or mount) `fd` stands for; errno on failure.
    public static func write(_ text: String, to name: String, under fd: Int32) -> Int32 {
        let file = openat(fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { return errno }
        defer { close(file) }
        let written = text.utf8CString.withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count - 1) }
        return written < 0 ? errno : 0
    }

    /// Reads `name` under the directory (or mount) `fd` stands for.
    public static func read(_ name: String, under fd: Int32) -> String? {
        let file = openat(fd, name, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
