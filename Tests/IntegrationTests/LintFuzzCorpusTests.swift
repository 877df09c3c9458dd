import Foundation
import Testing

/// The fuzz target's seed corpus through the normal build of the target (a replayer with the same checks as
/// under libFuzzer: no raw control characters in any format, sorted diagnostics on the text's lines, bounded
/// messages and counts). `make test` runs the fuzzer itself for 5,000 inputs after the tests (`make fuzz-smoke`).
@Suite struct LintFuzzCorpusTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let replayer = MyDockerBinary.bundle.deletingLastPathComponent().appendingPathComponent("LintFuzz").path

    @Test func everySeedPassesTheChecks() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/fuzz/corpus").sorted()
        #expect(names.count >= 100)
        let run = try ProcessRunner.run([Self.replayer] + names.map { Self.repository + "/fuzz/corpus/" + $0 })
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "ran \(names.count) inputs\n")
    }
}
