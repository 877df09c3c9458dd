import Foundation

/// A temporary folder for one test (mode 0755 under the usual umask, so that a container's mapped users can
/// reach a rootfs inside it), removed with everything in it when the value goes away.
class Scratch: @unchecked Sendable {  // unchecked: a non-final class; its only state is the immutable path
    let path: String

    init(prefix: String = "mydocker-it") throws {
        path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    /// Makes the folder `name` (and its parents) inside the folder and returns its path.
    @discardableResult
    func makeDirectory(_ name: String) throws -> String {
        let dir = path + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
