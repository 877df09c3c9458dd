import ArgumentParser
import Executor
import Glibc

extension MyDocker {
    /// The monitor of a detached container (`apply --detach` starts it; not for people).
    struct Monitor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: Detached.monitorCommand,
            abstract: "Run a detached container and record how it ends (started by apply --detach).",
            shouldDisplay: false
        )

        @OptionGroup var state: StateRootOptions

        @Argument(help: "The container's name.")
        var name: String

        func run() throws {
            Glibc.exit(Detached.monitor(store: state.store, name: name))
        }
    }
}
