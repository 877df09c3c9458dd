import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// `restart` as docker's: stop, then start again detached under the same name.
    struct Restart: Command {
        static let spec = CommandSpec(
            name: "restart",
            abstract: "Stop containers, then start them again in the background under the same names.",
            discussion: """
            As docker's restart: stops each container as `mydocker stop` does (a container that has ended is \
            started at once), then starts it again detached, from the spec it was applied from (the copy recorded \
            then, not the file as it is now), with the same name and command; its log goes on. A container that \
            ran in the foreground runs in the background now, with a log. Descriptors passed at its first start \
            (--preserve-fds, socket activation) are not passed again. Prints each name once its process runs; exit 1 \
            when any could not be restarted (why, on stderr; `mydocker ps -a` shows it failed).
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
            try EachContainer.run(names, command: "restart") { name throws(ContainerError) in
                _ = try Detached.restart(name, store: store, timeout: options.timeout, signal: options.signal)
            }
        }
    }
}
