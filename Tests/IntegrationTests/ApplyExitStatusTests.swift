import Foundation
import Glibc
import Testing

/// apply's status when the container's command cannot run, as a shell, docker and `mydocker exec` give it: 127 not
/// found, 126 not executable; the error names the line of `process.args`.
extension ApplyTests {
    /// The 1-based line of the first line of `path` that contains `text`.
    func line(of text: String, in path: String) throws -> Int {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func aCommandThatCannotBeExecutedExits126() throws {
        let file = try work.write("not-executable", "echo never\n")
        chmod(file, 0o644)
        let path = try spec("process:\n  args: [\(file)]\nlinux:\n  namespaces: [uts]\n", root: false)
        let output = MyDockerBinary.apply(path)
        let step = try #require(MyDockerBinary.spawnAndWait(["plan", path]).stdout.split(separator: "\n")
            .first { $0.contains("execve \(file)") }?.split(separator: " ").first)
        #expect(output == .init(status: 126, stdout: "",
                                stderr: "mydocker apply: \(path):2: step \(step) (execve \(file)): Permission denied\n"))
    }

    @Test func aCommandNotInPathExits127AndANamedRunLeavesNoState() throws {
        let state = work.path + "/state"
        let path = try spec("""
            process:
              env: [PATH=/bin]
              args: [no-such-command, x]
            linux:
              namespaces: [uts, pid, mount]
            """)
        let output = MyDockerBinary.spawnAndWait(["apply", "--root", state, "--name", "gone", path])
        #expect(output.status == 127, "\(output)")
        #expect(output.stderr.hasPrefix("mydocker apply: \(path):\(try line(of: "no-such-command", in: path)): step "), "\(output)")
        #expect(output.stderr.hasSuffix("(execve no-such-command x): No such file or directory: no-such-command is not found in PATH=/bin\n"),
                "\(output)")
        let listed = MyDockerBinary.spawnAndWait(["--root", state, "ps", "--all", "--format", "json"])
        #expect(listed == .init(status: 0, stdout: "[]\n", stderr: ""), "\(listed)")
    }
}
