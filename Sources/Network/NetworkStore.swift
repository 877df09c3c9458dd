import Glibc
import LinuxSystem
import Spec

/// Where networks and the containers attached to them are recorded, beside the containers' state:
/// `<root>/.networks/NAME.network` (a network made with `mydocker network create`; the default one is built in),
/// `<root>/.networks/ipam/` (host-local's leases), `<root>/.networks/containers/ID/` (one run's ``AttachmentRecord``,
/// its generated /etc files and its pinned network namespace) and `<root>/.networks/.lock`, held by whatever
/// changes them.
public struct NetworkStore: Sendable {
    /// The state root (`/run/mydocker`).
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public var directory: String { root + "/.networks" }
    public var leaseDirectory: String { directory + "/ipam" }
    public var containersDirectory: String { directory + "/containers" }
    public func containerDirectory(_ id: String) -> String { containersDirectory + "/" + id }
    func definitionPath(_ name: String) -> String { "\(directory)/\(name).network" }

    /// Runs `body` holding `<root>/.networks/.lock` (flock), made when missing.
    public func locked<T>(_ body: () throws(NetworkError) -> T) throws(NetworkError) -> T {
        let lock = try openLock()
        let taken = retryingOnInterrupt { flock(lock.rawValue, LOCK_EX) }
        guard taken.result == 0 else { throw NetworkError(what: "lock \(directory)", cause: SystemError(call: "flock .lock", errno: taken.errno)) }
        return try body()
    }

    private func openLock() throws(NetworkError) -> FileDescriptor {
        do {
            try Directory.create(directory)
            return try FileDescriptor.open(directory + "/.lock", O_RDWR | O_CREAT, mode: 0o600)
        } catch {
            throw NetworkError(what: "lock \(directory)", cause: error)
        }
    }

    // MARK: Networks

    /// The network `name`: the default one, or one made with `mydocker network create`.
    public func definition(named name: String) throws(NetworkError) -> NetworkDefinition {
        if name == NetworkMode.defaultNetwork { return .defaultNetwork }
        guard let bytes = Sys.readFile(definitionPath(name)) else {
            throw NetworkError(what: "find network \(name)", cause: SystemError(call: "open \(definitionPath(name))", errno: errno),
                               hint: "make it with `mydocker network create \(name)`, or use `mode: bridge`")
        }
        guard let definition = NetworkDefinition.parse(String(decoding: bytes, as: UTF8.self)) else {
            throw NetworkError(what: "read network \(name)", hint: "\(definitionPath(name)) is damaged: remove it with `mydocker network rm \(name)`")
        }
        return definition
    }

    /// Every network, the default one first, then by name.
    public func definitions() -> [NetworkDefinition] {
        let names = ((try? Directory.entries(directory)) ?? []).filter { $0.hasSuffix(".network") }.sorted()
        return [.defaultNetwork] + names.compactMap { file in
            Sys.readFile("\(directory)/\(file)").flatMap { NetworkDefinition.parse(String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// Records a new network; `subnet` nil takes the first free /24 of 10.91.0.0/16 (free: no other network's and no
    /// host address's).
    public func create(name: String, subnet: IPv4Subnet?) throws(NetworkError) -> NetworkDefinition {
        let what = "create network \(name)"
        if let problem = NetworkMode.nameProblem(name) { throw NetworkError(what: what, hint: problem) }
        if ["none", "host", "bridge", NetworkMode.defaultNetwork].contains(name) {
            throw NetworkError(what: what, hint: "`\(name)` is a built-in network mode")
        }
        return try locked { () throws(NetworkError) in
            let existing = definitions()
            if existing.contains(where: { $0.name == name }) { throw NetworkError(what: what, hint: "a network named \(name) exists already") }
            let hostSubnets = HostAddresses.subnets()
            func clash(_ candidate: IPv4Subnet) -> String? {
                if let other = existing.first(where: { $0.subnet.overlaps(candidate) }) { return "network \(other.name) (\(other.subnet))" }
                if let host = hostSubnets.first(where: { $0.subnet.overlaps(candidate) }) { return "the host's \(host.interface) (\(host.subnet))" }
                return nil
            }
            let chosen: IPv4Subnet
            if let subnet {
                if let other = clash(subnet) { throw NetworkError(what: what, hint: "the subnet \(subnet) overlaps \(other)") }
                chosen = subnet
            } else {
                guard let free = (0...255).lazy.compactMap({ IPv4Subnet("10.91.\($0).0/24") }).first(where: { clash($0) == nil }) else {
                    throw NetworkError(what: what, hint: "no free /24 is left in 10.91.0.0/16: give one with --subnet")
                }
                chosen = free
            }
            let definition = NetworkDefinition(name: name, subnet: chosen)
            if let same = existing.first(where: { $0.bridge == definition.bridge }) {
                throw NetworkError(what: what, hint: "its bridge name \(definition.bridge) is network \(same.name)'s")
            }
            do throws(SystemError) {
                let dir = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY)
                try Directory.replaceAtomically("\(name).network", in: dir, with: Array(definition.text.utf8), mode: 0o600)
            } catch {
                throw NetworkError(what: what, cause: error)
            }
            return definition
        }
    }

    /// Removes a network no container is attached to.
    public func remove(name: String) throws(NetworkError) {
        let what = "remove network \(name)"
        if name == NetworkMode.defaultNetwork { throw NetworkError(what: what, hint: "the default network cannot be removed") }
        try locked { () throws(NetworkError) in
            sweepAbandoned()
            let users = records().filter { $0.network == name }.map(\.displayName)
            if !users.isEmpty {
                throw NetworkError(what: what, hint: "containers are attached to it: \(users.joined(separator: ", "))")
            }
            guard unlink(definitionPath(name)) == 0 else {
                throw NetworkError(what: what, cause: SystemError(call: "unlink \(definitionPath(name))", errno: errno),
                                   hint: errno == ENOENT ? "no network is named \(name)" : nil)
            }
        }
    }

    // MARK: Attached containers

    /// The record of the run with this id (a container's name), if it has one.
    public func record(_ id: String) -> AttachmentRecord? {
        guard ContainerIDs.isPlain(id) else { return nil }
        return Sys.readFile(containerDirectory(id) + "/record").flatMap { AttachmentRecord.parse(String(decoding: $0, as: UTF8.self)) }
    }

    /// Every run's record (attached or not), by id.
    public func records() -> [AttachmentRecord] {
        ((try? Directory.entries(containersDirectory)) ?? []).sorted().compactMap { id in
            Sys.readFile(containerDirectory(id) + "/record").flatMap { AttachmentRecord.parse(String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// Finishes the runs whose mydocker was killed before it could: CNI DEL, the pinned namespace released, the folder
    /// removed, the peers' /etc/hosts rewritten. Call it holding the lock (``locked(_:)``); ``sweep()`` takes it.
    public func sweepAbandoned() {
        let all = records()
        let abandoned = all.filter { !$0.owner.isAlive() }
        guard !abandoned.isEmpty else { return }
        for record in abandoned { NetworkAttachment.release(record, store: self) }
        for network in Set(abandoned.compactMap(\.network)) { NetworkAttachment.refreshPeers(on: network, store: self) }
    }

    /// ``sweepAbandoned()`` under the lock, when there is anything to look at (ps, rm, network ls).
    public func sweep() {
        guard Directory.exists(containersDirectory) else { return }
        try? locked { () throws(NetworkError) in sweepAbandoned() }
    }
}

enum ContainerIDs {
    /// A name that is one path component (no `/`, not `.` or `..`, not empty).
    static func isPlain(_ id: String) -> Bool {
        !id.isEmpty && id != "." && id != ".." && !id.contains("/")
    }
}
