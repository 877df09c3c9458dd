import Glibc
import Testing

/// The running test bundle: this process's executable (/proc/self/exe), `.build/<config>/mydockerPackageTests.xctest`,
/// or the `.xctest` directory around it where the bundle is a directory.
let testBundlePath: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/proc/self/exe"
    let parts = exe.split(separator: "/", omittingEmptySubsequences: false)
    guard let bundle = parts.lastIndex(where: { $0.hasSuffix(".xctest") }) else { return exe }
    return parts[...bundle].joined(separator: "/")
}()

/// The built mydocker binary: the `mydocker` beside the test bundle (`.build/<config>/mydocker`). A test that asks
/// for it when it is not there fails, naming the path.
var mydockerBinary: String {
    let path = testBundlePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/mydocker"
    if access(path, X_OK) != 0 {
        Issue.record("mydocker is not built: no executable \(path) beside the test bundle \(testBundlePath) (`swift build --build-tests` builds it)")
    }
    return path
}
