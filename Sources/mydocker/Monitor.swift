import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

extension MyDocker {
    /// The monitor of a detached container (`apply --detach` starts it; not for people).
    struct Monitor: Command {
        static let spec = CommandSpec(
            name: Detached.monitorCommand,
            abstract: "Run a detached container and record how it ends (started by apply --detach).",
            isHidden: true,
            arguments: [
                StateRootOptions.argument,
                .positional("name", help: "The container's name."),
            ]
        )

        let state: StateRootOptions
        let name: String

        init(_ arguments: ParsedArguments) {
            state = StateRootOptions(arguments)
            name = arguments.value("name") ?? ""
        }

        func run() {
            Glibc.exit(Detached.monitor(store: state.store, name: name))
        }
    }
}
