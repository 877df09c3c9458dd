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
                .option("passed-fds", valueName: "n", help: "Descriptors 4 to 4+N-1 pass into the container."),
                .option("listen-fds", valueName: "n", help: "How many of them are socket activation's (LISTEN_FDS)."),
                .positional("name", help: "The container's name."),
            ]
        )

        let state: StateRootOptions
        let name: String
        let passedCount: Int
        let listenCount: Int

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            state = StateRootOptions(arguments)
            name = arguments.value("name") ?? ""
            func count(_ option: String) throws(ArgumentError) -> Int {
                guard let text = arguments.value(option) else { return 0 }
                guard let value = Int(text), value >= 0, value <= PassedDescriptors.limit else {
                    throw arguments.invalid("--\(option) takes a number of descriptors, not \"\(text)\"")
                }
                return value
            }
            passedCount = try count("passed-fds")
            listenCount = try count("listen-fds")
        }

        func run() {
            Glibc.exit(Detached.monitor(store: state.store, name: name, passedCount: passedCount, listenCount: listenCount))
        }
    }
}
