import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// `pause`: the freezer of each container's cgroup.
    struct Pause: Command {
        static let spec = Freezer.spec(
            "pause", abstract: "Freeze every process of running containers.",
            discussion: "The processes stop where they are (the cgroup freezer) until `mydocker resume`; ps shows them as paused."
        )
        let freezer: Freezer
        init(_ arguments: ParsedArguments) { freezer = Freezer(arguments) }
        func run() throws(ExitCode) { try freezer.run("pause") { store, name throws(ContainerError) in try store.pause(name) } }
    }

    /// `resume`: thaws what `pause` froze.
    struct Resume: Command {
        static let spec = Freezer.spec("resume", abstract: "Let paused containers run again.", discussion: "")
        let freezer: Freezer
        init(_ arguments: ParsedArguments) { freezer = Freezer(arguments) }
        func run() throws(ExitCode) { try freezer.run("resume") { store, name throws(ContainerError) in try store.resume(name) } }
    }
}

/// What `pause` and `resume` share: their arguments (names, `--root`) and running over each name.
struct Freezer {
    let names: [String]
    let state: StateRootOptions

    init(_ arguments: ParsedArguments) {
        names = arguments.values("names")
        state = StateRootOptions(arguments)
    }

    static func spec(_ name: String, abstract: String, discussion: String) -> CommandSpec {
        CommandSpec(
            name: name, abstract: abstract, discussion: discussion,
            arguments: [.positional("names", .oneOrMore, help: "The containers' names."), StateRootOptions.argument]
        )
    }

    func run(_ command: String, _ body: (StateStore, String) throws(ContainerError) -> Void) throws(ExitCode) {
        let store = state.store
        // Containers made by create or run answer as runc's: nothing on stdout.
        let oci = names.allSatisfy { (try? store.load($0))?.isOCI == true }
        try EachContainer.run(names, command: command, quiet: oci) { name throws(ContainerError) in try body(store, name) }
    }
}
