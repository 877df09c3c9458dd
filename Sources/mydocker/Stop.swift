import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// `stop` as docker's: the stop signal, then SIGKILL once the grace period has passed.
    struct Stop: Command {
        static let spec = CommandSpec(
            name: "stop",
            abstract: "Stop running containers: their stop signal, then SIGKILL after a grace period.",
            discussion: """
            As docker's stop: the container's stop signal (TERM, unless its spec's \
            org.opencontainers.image.stopSignal annotation or --signal names another) goes to its process (a paused \
            container is resumed to act on it); when the process has not ended within --timeout seconds (default \
            \(StateStore.defaultStopTimeout)), every process of its cgroup gets SIGKILL. Prints each name once its end \
            is recorded. Stopping a container that has already ended succeeds. Exit 1 when any could not be stopped.
            """,
            arguments: StopOptions.arguments + [
                .positional("names", .oneOrMore, help: "The containers' names."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let options: StopOptions
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            names = arguments.values("names")
            options = try StopOptions(arguments)
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            try EachContainer.run(names, command: "stop") { name throws(ContainerError) in
                try store.stop(name, timeout: options.timeout, signal: options.signal)
            }
        }
    }
}
