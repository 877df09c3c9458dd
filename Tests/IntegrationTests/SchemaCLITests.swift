import Foundation
import Testing

/// Runs the built `mydocker schema` and compares it with the committed schema file.
@Suite struct SchemaCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let schemaPath = repository + "/schema/mydocker-spec.schema.json"

    @Test func schemaPrintsTheCommittedFileByteForByte() throws {
        let committed = try #require(FileManager.default.contents(atPath: Self.schemaPath), "missing \(Self.schemaPath)")
        let run = try MyDockerBinary.run(["schema"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdoutData == committed, "mydocker schema differs from schema/mydocker-spec.schema.json: rerun the SpecTests with MYDOCKER_UPDATE_GOLDENS=1")
        #expect(run.stdoutData.count > 1000)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full for a write that fails"))
    func aFailedWriteExitsOneSayingWhy() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let run = try MyDockerBinary.run(["schema"], stdout: full)
        #expect(run.status == 1)
        #expect(run.stderr == "mydocker schema: cannot write to standard output: No space left on device\n")
    }
}
