import ContainerStore

/// A command about several containers (`rm`, `pause`, `kill`, `stop`, `restart`…), name by name: the name on stdout
/// when done, the error on stderr otherwise (`mydocker rm: …`), exit 1 when any failed.
enum EachContainer {
    /// `quiet`: the containers are create's (the OCI runtime commands): nothing is printed on success, and errors
    /// take runc's words (``OCIMessage``).
    static func run(_ names: [String], command: String, quiet: Bool = false, _ body: (String) throws(ContainerError) -> Void) throws(ExitCode) {
        var failed = false
        for name in names {
            do {
                try body(name)
                if !quiet { StateConsole.out(name + "\n") }
            } catch {
                StateConsole.error("mydocker \(command): \(quiet ? OCIMessage.text(error) : error.description)\n")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
