import Foundation
import Glibc
import Testing

/// `mydocker check SPEC` agrees with lint about what apply would find on this host: a command that is not in the
/// root file system, a loop image that is not there. (It said "this host can run" such a spec.)
@Suite struct CheckSpecLintTests {
    static func spec(in scratch: Scratch, args: String) throws -> String {
        try scratch.makeDirectory("rootfs/bin")
        _ = FileManager.default.createFile(atPath: scratch.path + "/rootfs/bin/sh", contents: Data("#!/bin/sh\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
        return try scratch.write("spec.yaml", "root: {path: rootfs}\nprocess:\n  args: \(args)\nlinux: {namespaces: [mount]}\n")
    }

    @Test func aCommandMissingFromTheRootIsWhyCheckSaysNo() throws {
        let scratch = try Scratch()
        let spec = try Self.spec(in: scratch, args: "[/bin/app]")
        let run = try StateCLI.run(["check", spec])
        #expect(run.status == 1)
        #expect(run.stderr.contains(":3:10: error: `process.args[0]` `/bin/app` does not exist in the root file system `rootfs` [command-not-found]"), "\(run)")
        #expect(!run.stdout.contains("can run"))
        let lint = try StateCLI.run(["lint", spec])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("[command-not-found]"))
    }

    @Test func aCommandThereIsNotAReason() throws {
        let scratch = try Scratch()
        let spec = try Self.spec(in: scratch, args: "[sh, -c, 'exit 0']")
        let run = try StateCLI.run(["check", spec])
        #expect(!run.stderr.contains("command-not-found"), "\(run)")
        #expect(try StateCLI.run(["lint", spec]).status == 0)
    }

    @Test func aMissingLoopImageIsWhyCheckSaysNo() throws {
        let scratch = try Scratch()
        let spec = try scratch.write("spec.yaml", "process: {args: [/bin/true]}\nmounts: [{destination: /d, source: gone.img, options: [loop]}]\nlinux: {namespaces: [mount]}\n")
        let run = try StateCLI.run(["check", spec])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[loop-image-missing]"), "\(run)")
    }
}
