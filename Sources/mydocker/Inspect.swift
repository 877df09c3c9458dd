import Arguments
import ContainerStore
import Containers
import Glibc
import LinuxSystem
import Network
import Spec

extension MyDocker {
    /// `inspect` as docker's: a JSON array, one object per container.
    struct Inspect: Command {
        static let spec = CommandSpec(
            name: "inspect",
            abstract: "Print what is known of containers, as JSON.",
            discussion: """
            A JSON array with one object per container found, in docker's shape where docker has the key: Name, \
            Created, Path and Args (the command it runs), State (Status, Running, Paused, Restarting, OOMKilled, \
            Dead, Pid, ExitCode, Error, StartedAt, FinishedAt, and mydocker's Description and Signal), Pids (every \
            process of its cgroup), RestartCount, HostConfig.RestartPolicy (Name, MaximumRetryCount), Spec (the path \
            it was applied from, and the SHA-256 digest of the copy recorded then), \
            Hostname, LogPath, Cgroup, Mounts and Namespaces (with the kernel's id of each while it runs), and \
            NetworkSettings (IPAddress, Gateway, IPPrefixLen, Ports, Networks, SandboxKey) while it is attached to a network. Times are \
            RFC 3339 in UTC, docker's zero time for one that has not happened. Exit 1 when any is unknown (the \
            others are still printed).
            """,
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
            let store = state.store
            let networks = NetworkStore(root: store.root)
            var objects: [ReportJSON] = []
            var failed = false
            for name in names {
                do {
                    let network = Self.networkSettings(networks.record(name), store: networks)
                    objects.append(Self.json(try store.inspect(name), network: network))
                } catch {
                    StateConsole.error("mydocker inspect: \(error)\n")
                    failed = true
                }
            }
            StateConsole.out(ReportJSON.array(objects).rendered() + "\n")
            if failed { throw ExitCode(1) }
        }

        static func json(_ container: Inspection, network: ReportJSON? = nil) -> ReportJSON {
            let state = container.state
            let status = container.status
            let live = status == .running || status == .paused
            let arguments = container.arguments
            var signal: Int32? = nil
            var error = ""
            switch status {
            case let .killed(number): signal = number
            case .oomKilled: signal = SIGKILL
            case let .failed(text): error = text
            default: break
            }
            let stateObject: ReportJSON = .object([
                ("Status", .string(status.dockerState)),
                ("Running", .bool(status == .running)),
                ("Paused", .bool(status == .paused)),
                ("Restarting", .bool(status.dockerState == "restarting")),
                ("OOMKilled", .bool(state.oomKilled)),
                ("Dead", .bool(false)),
                ("Pid", .int(Int64(live ? state.process?.pid ?? 0 : 0))),
                ("ExitCode", .int(Int64(status.exitStatus ?? 0))),
                ("Signal", signal.map { .string(SignalNames.name(of: $0)) } ?? .null),
                ("Error", .string(error)),
                ("Description", .string(status.text)),
                ("StartedAt", .string(Timestamp.rfc3339(state.started))),
                ("FinishedAt", .string(Timestamp.rfc3339(live ? nil : state.finished))),
            ])
            return .object([
                ("Name", .string(state.name)),
                ("Created", .string(Timestamp.rfc3339(state.created))),
                ("Path", .string(arguments.first ?? "")),
                ("Args", .array(arguments.dropFirst().map { .string($0) })),
                ("State", stateObject),
                ("Pids", .array(container.pids.map { .int(Int64($0)) })),
                ("RestartCount", .int(Int64(state.restart.count))),
                ("HostConfig", .object([("RestartPolicy", .object([
                    ("Name", .string(state.restart.policy.mode.rawValue)),
                    ("MaximumRetryCount", .int(Int64(state.restart.policy.maximumRetries))),
                ]))])),
                ("Spec", .object([("Path", .string(state.specPath)), ("Digest", .string(container.specDigest))])),
                ("Hostname", .optional(container.spec?.hostname)),
                ("LogPath", .string(state.logPath ?? "")),
                ("Cgroup", .optional(state.cgroup)),
                ("Mounts", .array((container.spec?.mounts ?? []).map(mount))),
                ("Namespaces", .array(container.namespaces.map { namespace in
                    .object([("Type", .string(namespace.kind)), ("Path", .optional(namespace.path)), ("Id", .optional(namespace.id))])
                })),
            ] + (network.map { [("NetworkSettings", $0)] } ?? []))
        }

        /// One mount of the spec, in docker's words where it has them (RW: not mounted read-only).
        static func mount(_ mount: ContainerSpec.Mount) -> ReportJSON {
            let bind = mount.options.contains("bind") || mount.options.contains("rbind")
            return .object([
                ("Type", .string(mount.type ?? (bind ? "bind" : ""))),
                ("Source", .string(mount.resolvedSource ?? mount.source ?? "")),
                ("Destination", .string(mount.destination)),
                ("Options", .array(mount.options.map { .string($0) })),
                ("RW", .bool(!mount.options.contains("ro"))),
            ])
        }
    }
}
