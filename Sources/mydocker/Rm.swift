import ArgumentParser
import Executor

extension MyDocker {
    struct Rm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove named containers' state.",
            discussion: """
            Refuses a running container unless --force, which kills it with SIGKILL and waits until it is gone. \
            Its loop devices are already released (autoclear) once its processes have ended.
            """
        )

        @Argument(help: "The containers' names.")
        var names: [String]

        @Flag(name: [.short, .long], help: "Kill a running container first.")
        var force = false

        @OptionGroup var state: StateRootOptions

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("name at least one container") }
        }

        func run() throws {
            let store = state.store
            var failed = false
            for name in names {
                do {
                    try store.remove(name, force: force)
                    StateConsole.out(name + "\n")
                } catch {
                    StateConsole.error("rm: \(error)\n")
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
