import Foundation
import Glibc
import Testing

/// `mydocker --root DIR COMMAND`: the state root given before the subcommand, as runc users type it, holds for every
/// command that keeps state; after the subcommand it wins.
@Suite struct GlobalRootCLITests {
    static func writeExited(root: String, name: String) throws {
        let now = time(nil)
        try StateCLI.writeState(root: root, name: name, lines: ["status=exited", "created=\(now - 60)", "started=\(now - 60)", "exit.code=3",
                                                                "log=\(root)/\(name)/log"])
        try "from \(name)\n".write(toFile: root + "/\(name)/log", atomically: true, encoding: .utf8)
    }

    static func names(_ run: ProcessOutput) throws -> [String] {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run)")
        return rows.compactMap { $0["name"] as? String }.sorted()
    }

    @Test func theRootBeforeTheSubcommandHoldsForIt() throws {
        let state = try Scratch()
        try Self.writeExited(root: state.path, name: "box")
        let listed = try StateCLI.run(["--root", state.path, "ps", "--all", "--format", "json"])
        #expect(listed.status == 0 && listed.stderr == "", "\(listed)")
        #expect(try Self.names(listed) == ["box"])
        #expect(try StateCLI.run(["--root=\(state.path)", "logs", "box"]) == ProcessOutput(status: 0, stdout: "from box\n", stderr: ""))
        #expect(try StateCLI.run(["--root", state.path, "kill", "box"])
                == ProcessOutput(status: 1, stdout: "", stderr: "mydocker kill: container box is not running\n"))
        #expect(try StateCLI.run(["--root", state.path, "rm", "box"]) == ProcessOutput(status: 0, stdout: "box\n", stderr: ""))
        #expect(try Self.names(try StateCLI.run(["--root", state.path, "ps", "-a", "--format", "json"])) == [])
    }

    @Test func theSubcommandsOwnRootWins() throws {
        let global = try Scratch()
        let own = try Scratch()
        try Self.writeExited(root: global.path, name: "one")
        try Self.writeExited(root: own.path, name: "two")
        let listed = try StateCLI.run(["--root", global.path, "ps", "--all", "--root", own.path, "--format", "json"])
        #expect(try Self.names(listed) == ["two"])
    }

    /// A command that keeps no state takes the global option and ignores it.
    @Test func aCommandWithoutStateIgnoresIt() throws {
        let dir = try Scratch()
        let spec = try dir.write("spec.yaml", "process: {args: [/bin/true]}\n")
        #expect(try StateCLI.run(["--root", dir.path, "lint", spec]) == ProcessOutput(status: 0, stdout: "", stderr: ""))
        let missing = try StateCLI.run(["--root"])
        #expect(missing.status == 125 && missing.stderr.hasPrefix("mydocker: Missing value for '--root <dir>'\n"), "\(missing)")
    }
}
