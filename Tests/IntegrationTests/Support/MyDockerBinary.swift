import Foundation

/// The built `mydocker`: the executable in the folder of the test bundle (`.build/debug/`), or in a folder above
/// it when the bundle is a directory (`mydockerPackageTests.xctest/...`).
enum MyDockerBinary {
    static let path: String = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("mydocker").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("mydocker").path
    }()

    /// `mydocker ARGUMENTS` to the end, through Foundation's Process (see ``ProcessRunner/run(_:environment:directory:stdin:stdout:)``).
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                    stdin: String? = nil, stdout: FileHandle? = nil) throws -> ProcessOutput {
        try ProcessRunner.run([path] + arguments, environment: environment, directory: directory, stdin: stdin, stdout: stdout)
    }

    /// `mydocker ARGUMENTS` started with posix_spawn (signals as the default, none blocked), killed after `seconds`.
    static func spawnAndWait(_ arguments: [String], seconds: Double = 60) -> ProcessOutput {
        ProcessRunner.spawnAndWait([path] + arguments, seconds: seconds)
    }

    /// `mydocker apply SPEC`, through ``spawnAndWait(_:seconds:)``.
    static func apply(_ spec: String) -> ProcessOutput { spawnAndWait(["apply", spec]) }
}
