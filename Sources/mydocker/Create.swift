import Arguments
import ContainerStore
import Containers

extension MyDocker {
    /// runc's `create`: everything up to the user's process, which then waits for `start`.
    struct Create: Command {
        static let spec = CommandSpec(
            name: "create",
            abstract: "Create a container from an OCI bundle; its process waits for `mydocker start` (runc's create).",
            discussion: """
            Reads BUNDLE/config.json and sets the container up as apply would (namespaces, cgroup, mounts, pivot_root, \
            confinement), then its process waits, `state` says created, and create exits: the process is then the \
            child of create's caller (a subreaper such as conmon or containerd's shim), nothing of mydocker in \
            between. stdin, stdout and stderr pass to it as given; with process.terminal its terminal's master goes \
            to --console-socket (SCM_RIGHTS). No other descriptor of the caller reaches it unless --preserve-fds. \
            The process is the spec's own (no minimal init, unless the annotation org.mydocker.init is "true").
            """,
            arguments: OCIArguments.bundleArguments + OCIArguments.setupArguments + [
                .positional("id", help: "The container's ID."),
                StateRootOptions.argument,
            ]
        )

        let container: OCIContainer

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            container = try OCIArguments.container(arguments, command: "create")
        }

        func run() throws(ExitCode) {
            _ = try container.create()
        }
    }
}

/// The arguments `create` and `run` share, read into an ``OCIContainer``.
enum OCIArguments {
    static let bundleArguments: [ArgumentSpec] = [
        .option("bundle", short: "b", valueName: "dir", help: "The bundle: the folder holding config.json (default: the current folder).",
                completion: .directories),
        .option("pid-file", valueName: "file", help: "Write the container process's pid here (digits only)."),
        .option("console-socket", valueName: "socket", help: "The AF_UNIX socket the terminal's master is sent to (process.terminal)."),
    ]

    /// How the container is set up, read by ``container(_:command:)`` with the bundle's: the descriptors passed,
    /// the way into the root, the session keyring.
    static let setupArguments: [ArgumentSpec] = [
        PreserveFDs.argument,
        .flag("no-pivot", help: "Enter the root by moving it over / and chroot, not pivot_root: for a root on a ramdisk, where pivot_root fails (less confining, as with runc)."),
        .flag("no-new-keyring", help: "Keep the caller's session keyring instead of a new one named after the container (runc's default)."),
    ]

    static func container(_ arguments: ParsedArguments, command: String) throws(ArgumentError) -> OCIContainer {
        let state = StateRootOptions(arguments)
        var container = OCIContainer(
            id: arguments.value("id") ?? "", bundle: StateStore.absolute(arguments.value("bundle") ?? "."),
            store: state.store, command: command
        )
        container.pidFile = arguments.value("pid-file")
        container.consoleSocket = arguments.value("console-socket")
        container.preserveFDs = try PreserveFDs.count(arguments)
        container.keepsSessionKeyring = arguments.flag("no-new-keyring")
        container.noPivot = arguments.flag("no-pivot")
        return container
    }
}
