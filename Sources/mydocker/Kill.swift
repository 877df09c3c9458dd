import Arguments
import ContainerStore
import Containers
import LinuxSystem
import Glibc

extension MyDocker {
    /// `kill` as docker's: SIGKILL unless `--signal` says otherwise, to each container named.
    struct Kill: Command {
        static let spec = CommandSpec(
            name: "kill",
            abstract: "Send a signal to every process of running containers (SIGKILL unless --signal says otherwise).",
            discussion: """
            As docker's kill: SIGKILL by default; --signal takes a name (TERM, SIGTERM, any case) or a number. Every \
            process of the container's cgroup gets it (a paused container acts on it once resumed, but for SIGKILL). \
            Prints each name once it is signalled; exit 1 when any is not running. The older form \
            `mydocker kill NAME SIGNAL` still works: two words, the second a signal, and no --signal.

            A container made by create or run (the OCI runtime commands) is killed as runc's kill: `kill ID [SIGNAL]` \
            sends SIGTERM unless told otherwise, to its process only (with --all to every process of its cgroup), \
            a created container takes it too, and nothing is printed.

            With a restart policy (apply --restart), kill is the user stopping it, as docker's kill: KILL or TERM \
            (the stop signal) ends it for good, whatever the policy, also between two runs; another signal is only \
            delivered, and keeps unless-stopped (not always or on-failure) from restarting it once it ends.
            """,
            arguments: [
                .option(
                    "signal", short: "s", help: "The signal: a name or a number (default: KILL; TERM for a container made by create or run).",
                    completion: .words(SignalNames.table.map(\.name))
                ),
                .flag("all", short: "a", help: "Signal every process of the container's cgroup (for create's containers; apply's always are)."),
                .positional("names", .oneOrMore, help: "The containers' names."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        /// nil: the default of the container's kind.
        let signal: Int32?
        let all: Bool
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            var names = arguments.values("names")
            var word = arguments.values("signal").last
            // `kill NAME SIGNAL`, as mydocker had it before docker's form.
            if word == nil, names.count == 2, SignalNames.parse(names[1]) != nil { word = names.removeLast() }
            if let text = word {
                guard let number = SignalNames.parse(text) else {
                    throw arguments.invalid("unknown signal \"\(text)\": use a name such as KILL, TERM or HUP, or a number from 1 to \(SignalNames.maxSignal)")
                }
                signal = number
            } else {
                signal = nil
            }
            self.names = names
            all = arguments.flag("all")
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = state.store
            let oci = names.allSatisfy { (try? store.load($0))?.isOCI == true }
            try EachContainer.run(names, command: "kill", quiet: oci) { name throws(ContainerError) in
                if try store.load(name).isOCI {
                    try store.killOCI(name, signal: signal ?? SIGTERM, all: all)
                } else {
                    try store.kill(name, signal: signal ?? SIGKILL)
                }
            }
        }
    }
}
