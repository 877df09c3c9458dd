import Arguments
import ContainerStore
import Containers
import Network
import Exec
import HostCheck
import LinuxSystem
import Runtime

extension MyDocker {
    struct Rm: Command {
        static let spec = CommandSpec(
            name: "rm",
            abstract: "Remove named containers' state.",
            discussion: """
            Refuses a running (or restarting) container unless --force, which ends its restart policy, kills it \
            with SIGKILL and waits until it and its monitor are gone. Its loop devices are already released \
            (autoclear) once its processes have ended.
            """,
            arguments: [
                // At least one: the parser refuses `mydocker rm` alone, naming <names>.
                .positional("names", .oneOrMore, help: "The containers' names."),
                .flag("force", short: "f", help: "Kill a running container first."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let force: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            names = arguments.values("names")
            force = arguments.flag("force")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            // What a killed mydocker left of a container's networking is finished here too (CNI DEL).
            defer { NetworkStore(root: store.root).sweep() }
            try EachContainer.run(names, command: "rm") { name throws(ContainerError) in try store.remove(name, force: force) }
        }
    }
}
