import Foundation
import Testing

/// The built `mydocker`: the executable beside the running test bundle. The bundle is this process's executable
/// (/proc/self/exe), `.build/<config>/mydockerPackageTests.xctest`, or the `.xctest` directory around it where the
/// bundle is a directory; the binary is `.build/<config>/mydocker`.
enum MyDockerBinary {
    static let bundle: URL = {
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe")
        var dir = exe
        while dir.pathComponents.count > 1 && dir.pathExtension != "xctest" { dir = dir.deletingLastPathComponent() }
        return dir.pathExtension == "xctest" ? dir : exe
    }()

    static let expectedPath = bundle.deletingLastPathComponent().appendingPathComponent("mydocker").path

    /// ``expectedPath``; a test that asks for it when it is not there fails, naming the path.
    static var path: String {
        if !FileManager.default.isExecutableFile(atPath: expectedPath) {
            Issue.record("mydocker is not built: no executable \(expectedPath) beside the test bundle \(bundle.path) (`swift build --build-tests` builds it)")
        }
        return expectedPath
    }

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
