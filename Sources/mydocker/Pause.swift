import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// `pause` and `resume`: the freezer of a container's cgroup.
    struct Pause: Command {
        static let spec = CommandSpec(
            name: "pause",
            abstract: "Freeze every process of running containers.",
            discussion: "The processes stop where they are (the cgroup freezer) until `mydocker resume`; ps shows them as paused.",
            arguments: [
                .positional("names", .oneOrMore, help: "The containers' names."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            names = arguments.values("names")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            try EachContainer.run(names, command: "pause") { name throws(ContainerError) in try state.store.pause(name) }
        }
    }

    struct Resume: Command {
        static let spec = CommandSpec(
            name: "resume",
            abstract: "Let paused containers run again.",
            arguments: [
                .positional("names", .oneOrMore, help: "The containers' names."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) {
            names = arguments.values("names")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            try EachContainer.run(names, command: "resume") { name throws(ContainerError) in try state.store.resume(name) }
        }
    }
}
