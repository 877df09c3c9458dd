import Arguments
import Network
import Spec

extension MyDocker {
    /// `network create|ls|inspect|rm`, as podman's: the networks a spec's `network.mode` names.
    struct NetworkCommand: Command {
        static let spec = CommandSpec(
            name: "network",
            abstract: "Create, list, inspect and remove networks (create NAME [--subnet CIDR], ls, inspect NAME..., rm NAME...).",
            discussion: """
            A spec joins a network with `network: {mode: NAME}`; `mode: bridge` is the default network, \
            \(NetworkMode.defaultNetwork) (\(NetworkDefinition.defaultSubnetText) on bridge mydocker0), which always exists. \
            Containers on one network reach each other by name (their /etc/hosts lists each other). create takes the first \
            free /24 of 10.91.0.0/16 unless --subnet gives one; a subnet that overlaps another network's or one of the \
            host's addresses is refused. rm refuses a network containers are attached to. inspect runs the plugins' \
            CNI CHECK for each attached container and says `ok` or what failed. Networks are kept under the state \
            root's .networks folder, beside the containers.
            """,
            arguments: [
                .positional("action", .single, help: "create, ls, inspect or rm.", completion: .words(Action.allCases.map(\.rawValue))),
                .positional("names", .zeroOrMore, help: "The networks' names (one for create)."),
                .option("subnet", valueName: "cidr", help: "create: the network's IPv4 subnet, for example 10.91.7.0/24."),
                StateRootOptions.argument,
            ]
        )

        enum Action: String, CaseIterable {
            case create, ls, inspect, rm
        }

        let action: Action
        let names: [String]
        let subnet: IPv4Subnet?
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            let word = arguments.value("action") ?? ""
            guard let action = Action(rawValue: word) ?? (word == "list" ? .ls : word == "remove" ? .rm : nil) else {
                throw arguments.invalid("unknown network action `\(word)`: create, ls, inspect or rm")
            }
            self.action = action
            names = arguments.values("names")
            if let text = arguments.value("subnet") {
                guard action == .create else { throw arguments.invalid("--subnet is for network create") }
                guard let subnet = IPv4Subnet(text) else {
                    throw arguments.invalid("--subnet \(text) is not an IPv4 subnet such as 10.91.7.0/24 (prefix 8 to 30, host bits zero)")
                }
                self.subnet = subnet
            } else {
                subnet = nil
            }
            switch action {
            case .create where names.count != 1: throw arguments.invalid("network create takes one name")
            case .inspect where names.isEmpty, .rm where names.isEmpty: throw arguments.invalid("network \(action.rawValue) takes at least one name")
            case .ls where !names.isEmpty: throw arguments.invalid("network ls takes no name")
            default: break
            }
            state = StateRootOptions(arguments)
        }

        func run() throws(ExitCode) {
            let store = NetworkStore(root: state.store.root)
            var failed = false
            switch action {
            case .create:
                do {
                    let made = try store.create(name: names[0], subnet: subnet)
                    StateConsole.out(made.name + "\n")
                } catch {
                    StateConsole.error("mydocker network: \(error)\n")
                    throw ExitCode(1)
                }
            case .ls:
                store.sweep()
                let records = store.records()
                let rows = store.definitions().map { network in
                    [network.name, network.subnet.description, network.bridge, String(records.filter { $0.network == network.name }.count)]
                }
                StateConsole.out(TextTable.render(header: ["NAME", "SUBNET", "BRIDGE", "CONTAINERS"], rows: rows))
            case .inspect:
                store.sweep()
                var found: [JSONValue] = []
                for name in names {
                    do {
                        found.append(Self.json(try store.definition(named: name), records: store.records(), store: store))
                    } catch {
                        StateConsole.error("mydocker network: \(error)\n")
                        failed = true
                    }
                }
                StateConsole.out(JSONValue.array(found).rendered() + "\n")
            case .rm:
                for name in names {
                    do {
                        try store.remove(name: name)
                        StateConsole.out(name + "\n")
                    } catch {
                        StateConsole.error("mydocker network: \(error)\n")
                        failed = true
                    }
                }
            }
            if failed { throw ExitCode(1) }
        }

        /// As podman's network inspect: name, driver, interface, subnet and gateway, and the attached containers.
        static func json(_ network: NetworkDefinition, records: [AttachmentRecord], store: NetworkStore) -> JSONValue {
            let members = records.filter { $0.network == network.name }
            return .object([
                ("name", .string(network.name)),
                ("driver", .string("bridge")),
                ("network_interface", .string(network.bridge)),
                ("subnets", .array([.object([("subnet", .string(network.subnet.description)),
                                             ("gateway", .string(network.subnet.gateway.description))])])),
                ("containers", .object(members.map { member in
                    (member.id, .object([
                        ("name", .string(member.displayName)),
                        ("address", member.address.map { .string($0.description) } ?? .null),
                        ("ports", .array(member.ports.map { .string($0.text) })),
                        ("check", .string(check(member, store: store))),
                    ]))
                })),
            ])
        }

        /// CNI CHECK of a container's chain: `ok`, or what the plugin said (the CNI spec's CHECK, as containerd's
        /// status check runs it).
        static func check(_ record: AttachmentRecord, store: NetworkStore) -> String {
            do {
                try NetworkAttachment.check(record, store: store)
                return "ok"
            } catch {
                return error.description
            }
        }
    }
}
