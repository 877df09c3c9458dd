import Foundation
import Testing

/// Runs the built `mydocker schema` and compares it with the committed schema file.
@Suite struct SchemaCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let schemaPath = repository + "/schema/mydocker-spec.schema.json"

    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static func mydocker(_ arguments: [String], stdout: FileHandle? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LintCLITests.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        let stdoutData = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdoutData, stderr: String(decoding: stderrData, as: UTF8.self))
    }

    @Test func schemaPrintsTheCommittedFileByteForByte() throws {
        let committed = try #require(FileManager.default.contents(atPath: Self.schemaPath), "missing \(Self.schemaPath)")
        let run = try Self.mydocker(["schema"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout == committed, "mydocker schema differs from schema/mydocker-spec.schema.json: rerun the SpecTests with MYDOCKER_UPDATE_GOLDENS=1")
        #expect(run.stdout.count > 1000)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full for a write that fails"))
    func aFailedWriteExitsOneSayingWhy() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let run = try Self.mydocker(["schema"], stdout: full)
        #expect(run.status == 1)
        #expect(run.stderr == "mydocker schema: cannot write to standard output: No space left on device\n")
    }
}
