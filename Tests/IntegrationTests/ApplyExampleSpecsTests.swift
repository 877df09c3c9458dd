import Foundation
import Testing

/// Every example spec in `specs/` that needs no mount runs as a real container and prints what its chapter of
/// the seed shows (the mount specs need the files `make demo` prepares; the mount tests cover them).
@Suite(.enabled(if: getuid() == 0, "needs root: apply creates namespaces and writes ID maps"))
struct ApplyExampleSpecsTests {
    /// The repository's specs/ folder, found from this source file.
    static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("specs").path

    /// Spec name → a line its output must have.
    static let shows: [(String, String)] = [
        ("uts", "hostname inside: mydocker"),
        ("ipc", "System V shared memory segments visible inside: 0"),
        ("net", "lo"),
        ("pid", "my pid inside the container: 1"),
        ("user", "uid_map: 100 200 1"),
    ]

    @Test(arguments: shows)
    func exampleSpecRuns(name: String, line: String) throws {
        let before = try HostSnapshot.now()
        let output = MyDockerBinary.apply("\(Self.specs)/\(name).yaml")
        let lines = output.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr == "")
        #expect(lines.contains(line), "\(output)")
        try HostSnapshot.expectUnchanged(since: before)
    }

    @Test func everyExampleWithoutMountsIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.specs).filter { $0.hasSuffix(".yaml") }
        let withoutMounts = try files.filter { !(try String(contentsOfFile: "\(Self.specs)/\($0)", encoding: .utf8)).contains("mounts:") }
        #expect(Set(withoutMounts.map { String($0.dropLast(5)) }) == Set(Self.shows.map(\.0)))
    }
}
