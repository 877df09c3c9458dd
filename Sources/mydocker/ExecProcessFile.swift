import Exec
import Spec

/// `exec --process FILE` (runc's): the OCI spec's `process` object, read and checked as a spec's process is (the
/// spec's decoder, on the file as the spec's `process`), into an exec request: args, env (the whole environment),
/// cwd, user, terminal.
enum ExecProcessFile {
    static func apply(_ path: String, to request: inout ExecRequest) throws(ExitCode) {
        let bytes: [UInt8]
        do {
            bytes = try SpecFile.read(path: path)
        } catch {
            throw StateConsole.fail("exec", "cannot read \(path): \(error.reason)")
        }
        let wrapped = Array("{\"ociVersion\": \"1.0.0\", \"process\": ".utf8) + bytes + Array("\n}".utf8)
        let result = Linter.lintForRun(bytes: wrapped, file: path, baseDirectory: SpecFile.baseDirectory(of: path))
        guard let process = result.spec?.process, !result.hasErrors else {
            StateConsole.error(DiagnosticText.render(result, color: StateConsole.stderrInColor))
            throw StateConsole.fail("exec", "\(path) is not a process the OCI runtime spec describes")
        }
        guard !process.args.isEmpty else { throw StateConsole.fail("exec", "\(path): process.args is empty") }
        request.arguments = process.args
        request.env = process.env
        request.replacesEnvironment = true
        request.cwd = process.cwd
        request.user = "\(process.user.uid):\(process.user.gid)"
        request.tty = process.terminal
    }
}
