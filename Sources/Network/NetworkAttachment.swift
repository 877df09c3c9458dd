import Glibc
import LinuxSystem
import Spec

/// One run's networking, from its record to CNI DEL: the container's folder under ``NetworkStore/containersDirectory``
/// with its generated /etc files, and for `bridge` and named networks its pinned network namespace, the CNI ADD of
/// the chain (``CNIConfig``) and its result. ``release()`` undoes all of it, on every path.
public final class NetworkAttachment {
    public let store: NetworkStore
    public private(set) var record: AttachmentRecord
    private var released = false

    /// The folder holding the generated files the container binds over its /etc files.
    public var filesDirectory: String { store.containerDirectory(record.id) }

    init(store: NetworkStore, record: AttachmentRecord) {
        self.store = store
        self.record = record
    }

    /// What one run asks for.
    public struct Request: Sendable {
        public var id: String
        public var name: String?
        public var hostname: String?
        public var network: ContainerSpec.Network
        /// The container's first process (its network namespace is the container's).
        public var pid: Int32
        /// Whether the container has a network namespace of its own (not `host`).
        public var ownNamespace: Bool

        public init(id: String, name: String?, hostname: String?, network: ContainerSpec.Network, pid: Int32, ownNamespace: Bool) {
            self.id = id
            self.name = name
            self.hostname = hostname
            self.network = network
            self.pid = pid
            self.ownNamespace = ownNamespace
        }
    }

    /// Sets the run's networking up: its folder and record, and for a network, the namespace pinned and the CNI ADD of
    /// each plugin in turn; then the files. On failure everything done is undone before the error is thrown.
    public static func attach(_ request: Request, store: NetworkStore) throws(NetworkError) -> NetworkAttachment {
        try store.locked { () throws(NetworkError) in
            store.sweepAbandoned()
            guard let owner = ProcessIdentity.current(pid: getpid()) else {
                throw NetworkError(what: "read mydocker's own start time", cause: SystemError(call: "read /proc/self/stat", errno: errno))
            }
            var record = AttachmentRecord(id: request.id, name: request.name, hostname: request.hostname, owner: owner,
                                          ports: request.network.ports, hosts: request.network.hosts, mode: request.network.mode.description)
            var definition: NetworkDefinition?
            if let name = request.network.mode.networkName {
                let found = try store.definition(named: name)
                try checkPorts(request.network.ports, id: request.id, store: store)
                if let address = request.network.address {
                    guard found.subnet.contains(address), address != found.subnet.gateway, address != found.subnet.network,
                          address != found.subnet.broadcast else {
                        throw NetworkError(what: "connect to network \(name)", hint: "the address \(address) is not a free host address of its subnet \(found.subnet)")
                    }
                }
                definition = found
                record.network = found.name
                record.subnet = found.subnet
                record.bridge = found.bridge
            }
            let attachment = NetworkAttachment(store: store, record: record)
            do throws(NetworkError) {
                try attachment.createFolder()
                if let definition {
                    try attachment.add(definition, fixed: request.network.address, pid: request.pid)
                }
                try attachment.writeFiles(dns: request.network.dns, keepLoopbackResolvers: !request.ownNamespace)
                if let network = record.network { refreshPeers(on: network, store: store) }
            } catch {
                attachment.releaseLocked()
                throw error
            }
            return attachment
        }
    }

    /// What would stop `network` from being set up now, as apply would find it before running any plugin: the
    /// network it names is not there, or a port it publishes is taken (`mydocker check SPEC`). Nothing is changed.
    public static func problems(of network: ContainerSpec.Network, store: NetworkStore) -> [NetworkError] {
        guard let name = network.mode.networkName else { return [] }
        var problems: [NetworkError] = []
        do { _ = try store.definition(named: name) } catch { problems.append(error) }
        do { try checkPorts(network.ports, id: "", store: store) } catch { problems.append(error) }
        return problems
    }

    /// Another container's record that publishes one of `ports`, or a host socket that holds one: an error that names it.
    static func checkPorts(_ ports: [PortMapping], id: String, store: NetworkStore) throws(NetworkError) {
        for record in store.records() where record.id != id {
            for mine in ports {
                if let theirs = record.ports.first(where: { $0.proto == mine.proto && $0.hostPorts.overlaps(mine.hostPorts) && ($0.hostIP == nil || mine.hostIP == nil || $0.hostIP == mine.hostIP) }) {
                    throw NetworkError(what: "publish port \(mine.text)",
                                       hint: "host port \(max(theirs.hostPorts.lowerBound, mine.hostPorts.lowerBound))/\(mine.proto.rawValue) is published by container \(record.displayName) already")
                }
            }
        }
        if let (port, err) = HostPorts.firstTaken(ports) {
            throw NetworkError(what: "publish port \(port.text)",
                               cause: SystemError(call: "bind \(port.hostIP.map(\.description) ?? "0.0.0.0"):\(port.hostPort)/\(port.proto.rawValue)", errno: err),
                               hint: err == EADDRINUSE ? "host port \(port.hostPort)/\(port.proto.rawValue) is already in use" : nil)
        }
    }

    private func createFolder() throws(NetworkError) {
        let path = filesDirectory
        do throws(SystemError) {
            try Directory.create(store.containersDirectory)
            if Directory.exists(path) {
                // A run of the same id that was not finished (its owner is gone: swept above, or the same process).
                if let parent = try? FileDescriptor.open(store.containersDirectory, O_RDONLY | O_DIRECTORY) {
                    PinnedNamespace.release(path + "/netns")
                    try? Directory.removeTree(record.id, in: parent)
                }
            }
            guard mkdir(path, 0o711) == 0 else { throw SystemError(call: "mkdir \(path)", errno: errno) }
            try saveRecord()
        } catch {
            throw NetworkError(what: "make the network folder of \(record.displayName)", cause: error)
        }
    }

    private func saveRecord() throws(SystemError) {
        let dir = try FileDescriptor.open(filesDirectory, O_RDONLY | O_DIRECTORY)
        try Directory.replaceAtomically("record", in: dir, with: Array(record.text.utf8), mode: 0o600)
    }

    var netnsPath: String { filesDirectory + "/netns" }
    var resultPath: String { filesDirectory + "/result.json" }

    /// Pins the namespace, then runs ADD through the chain, each plugin getting the previous one's result.
    private func add(_ definition: NetworkDefinition, fixed: IPv4Address?, pid: Int32) throws(NetworkError) {
        if let failure = PinnedNamespace.pin(pid: pid, at: netnsPath) {
            throw NetworkError(what: "keep the network namespace of \(record.displayName)", cause: failure)
        }
        let config = CNIConfig(network: definition, ports: record.ports, leaseDirectory: store.leaseDirectory)
        var previous: String?
        for (type, body) in config.plugins {
            let args = type == "bridge" ? fixed.map { "IgnoreUnknown=1;IP=\($0)" } : nil
            let output = try CNIPlugin(type: type).run(.add, containerID: record.id, netns: netnsPath, ifName: AttachmentRecord.interfaceName,
                                                       config: CNIConfig.input(body, prevResult: previous), args: args)
            guard let result = CNIResult.parse(output) else {
                throw NetworkError(what: "CNI ADD \(type)", hint: "its result is not JSON: \(String(decoding: output.prefix(200), as: UTF8.self))")
            }
            previous = result.json
            if type == "bridge" {
                record.address = result.ipv4
                // Saved at once: a DEL after a crash needs the chain's result to find what to remove.
                _ = Self.rewrite(resultPath, result.json)
            }
        }
        if let previous { _ = Self.rewrite(resultPath, previous) }
        do { try saveRecord() } catch { throw NetworkError(what: "record the address of \(record.displayName)", cause: error) }
    }

    /// CNI CHECK of a recorded run's chain against its recorded result, plugin by plugin in ADD order, as libcni does
    /// (`network inspect` reports it): the container's interface, address, routes, port forwards and firewall rules
    /// are still as ADD made them.
    public static func check(_ record: AttachmentRecord, store: NetworkStore) throws(NetworkError) {
        guard let definition = record.definition else { return }
        let folder = store.containerDirectory(record.id)
        let result = Sys.readFile(folder + "/result.json").map { String(decoding: $0, as: UTF8.self) }
        let config = CNIConfig(network: definition, ports: record.ports, leaseDirectory: store.leaseDirectory)
        // portmap's CHECK in Debian's 1.1.1 fails for a container without an IPv6 address wherever ip6tables works: it
        // looks for the IPv6 chain it never made (containernetworking/plugins#819, fixed in 1.2). It is left out.
        for (type, body) in config.plugins where type != "portmap" {
            _ = try CNIPlugin(type: type).run(.check, containerID: record.id, netns: folder + "/netns", ifName: AttachmentRecord.interfaceName,
                                              config: CNIConfig.input(body, prevResult: result))
        }
    }

    /// The container's /etc files, written in place (the container binds them: a rename would leave it the old ones).
    private func writeFiles(dns: [String], keepLoopbackResolvers: Bool) throws(NetworkError) {
        let host = Sys.readFile("/etc/resolv.conf").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let hostname = record.hostname ?? record.name ?? record.id
        let texts = [
            "hosts": NetworkFiles.hosts(for: record, peers: peers()),
            "hostname": hostname + "\n",
            "resolv.conf": NetworkFiles.resolvConf(host: host, servers: dns, keepLoopback: keepLoopbackResolvers),
        ]
        for name in NetworkFiles.names {
            if let failure = Self.rewrite(filesDirectory + "/" + name, texts[name] ?? "") {
                throw NetworkError(what: "write the container's /etc/\(name)", cause: failure)
            }
        }
    }

    /// Writes `text` into the file at `path`, keeping its inode (a container binds it): over the old bytes, then cut
    /// to its length, so that a reader in a container never finds the file empty.
    static func rewrite(_ path: String, _ text: String) -> SystemError? {
        do {
            let bytes = Array(text.utf8)
            let file = try FileDescriptor.open(path, O_WRONLY | O_CREAT, mode: 0o644)
            try file.writeAll(bytes)
            guard ftruncate(file.rawValue, off_t(bytes.count)) == 0 else { return SystemError(call: "ftruncate \(path)", errno: errno) }
            return nil
        } catch {
            return error
        }
    }

    private func peers() -> [AttachmentRecord] {
        guard let network = record.network else { return [] }
        return store.records().filter { $0.network == network && $0.id != record.id }
    }

    /// Writes again the /etc/hosts of every container on `network`, so that each lists the others.
    static func refreshPeers(on network: String, store: NetworkStore) {
        let members = store.records().filter { $0.network == network }
        for member in members {
            let path = store.containerDirectory(member.id) + "/hosts"
            guard Directory.exists(path) else { continue }
            _ = rewrite(path, NetworkFiles.hosts(for: member, peers: members))
        }
    }

    /// Undoes everything, once: CNI DEL of the chain in reverse order, the namespace unpinned, the folder removed, the
    /// peers' hosts files rewritten; the network's bridge deleted when it was its last container.
    public func release() {
        guard !released else { return }
        do {
            try store.locked { () throws(NetworkError) in
                releaseLocked()
                if let network = record.network { Self.refreshPeers(on: network, store: store) }
            }
        } catch {
            releaseLocked()  // without the lock rather than not at all
        }
    }

    private func releaseLocked() {
        released = true
        Self.release(record, store: store)
    }

    /// DEL of a recorded run (best effort: each plugin is asked, whatever the previous answered), then its folder;
    /// the network's bridge, deleted in the background meanwhile, and the shared chains when it was the last.
    static func release(_ record: AttachmentRecord, store: NetworkStore) {
        let folder = store.containerDirectory(record.id)
        var bridgeDeletion: CapturedRun.Started?
        if let definition = record.definition {
            let netns = folder + "/netns"
            let result = Sys.readFile(folder + "/result.json").map { String(decoding: $0, as: UTF8.self) }
            let config = CNIConfig(network: definition, ports: record.ports, leaseDirectory: store.leaseDirectory)
            for (type, body) in config.plugins.reversed() {
                _ = try? CNIPlugin(type: type).run(.del, containerID: record.id, netns: netns, ifName: AttachmentRecord.interfaceName,
                                                   config: CNIConfig.input(body, prevResult: result))
            }
            PinnedNamespace.release(netns)
            let others = store.records().contains { $0.network == definition.name && $0.id != record.id }
            if !others {
                bridgeDeletion = BridgeLink.startDeleting(definition.bridge)
                // host-local's folder for the network (its lock and last_reserved_ip), made again at the next ADD.
                if let ipam = try? FileDescriptor.open(store.leaseDirectory, O_RDONLY | O_DIRECTORY) {
                    try? Directory.removeTree(definition.name, in: ipam)
                }
            }
        }
        if let parent = try? FileDescriptor.open(store.containersDirectory, O_RDONLY | O_DIRECTORY) {
            try? Directory.removeTree(record.id, in: parent)
        }
        if record.definition != nil && !store.records().contains(where: { $0.network != nil }) { SharedChains.removeIfUnused() }
        _ = try? bridgeDeletion?.finish()
    }
}
