import Cgroups
import ContainerStore
import Glibc
import LinuxSystem
import Runtime

/// The OCI runtime commands' side of the one lifecycle (runc's `start`, `kill`, `delete`), over the same store and
/// status as apply's containers: a container made by `create` waits in its child until `start` connects to the
/// start socket in its folder (``StateStore/startSocket``); it has no monitor, and the pid engines are given is its
/// process's own.
extension StateStore {
    /// The socket a created container waits on; gone once it is started.
    public static let startSocket = "start.sock"

    /// Lets a created container's process go on: connects to its start socket and waits for the child's byte (it
    /// is past its wait then), calls `beforeProcess` (the prestart hooks), answers with the go, removes the socket,
    /// records it as running. Any other status is refused; when `beforeProcess` throws, the socket is closed without
    /// the go and the process ends without running.
    public func start(_ name: String, beforeProcess: (ContainerState) throws(ContainerError) -> Void = { _ in }) throws(ContainerError) {
        let record = try open(name)
        let state = try record.read()
        let status = ObservedStatus(state)
        guard status == .created, state.isOCI else {
            throw .wrongStatus(name, action: "start", status: state.isOCI || status != .created ? status.ociStatus : "starting")
        }
        if state.args.isEmpty {
            // Created from a config without `process`: there is nothing to start; it is stopped.
            try? killOCI(name, signal: SIGKILL, all: true)
            throw .system(what: "start \(name)", SystemError(hint: "its config.json has no process, which the OCI runtime spec requires when start is called: the container is stopped"))
        }
        let socket = try connectToWaitingProcess(name, record: record)
        do {
            try beforeProcess(state)
        } catch {
            record.removeFile(Self.startSocket)
            throw error
        }
        let go = [StartHandshake.go]
        // MSG_NOSIGNAL: a process that ended meanwhile is EPIPE here, not SIGPIPE.
        guard go.withUnsafeBytes({ UnixSocket.send(socket.rawValue, $0) }) == 1 else {
            throw .system(what: "start \(name)", SystemError(call: "send \(Self.startSocket)", errno: errno, hint: "the container's process ended"))
        }
        record.removeFile(Self.startSocket)
        try record.markStarted()
    }

    /// The start socket, connected, once the child accepted it (its byte read).
    private func connectToWaitingProcess(_ name: String, record: ContainerRecord) throws(ContainerError) -> FileDescriptor {
        do throws(SystemError) {
            let socket = try UnixSocket.connect(to: Self.startSocket, inDirectory: directory(of: name))
            var byte: UInt8 = 0
            let n = retryingOnInterrupt { read(socket.rawValue, &byte, 1) }
            guard n.result == 1 else {
                throw SystemError(call: n.result == 0 ? nil : "read \(Self.startSocket)", errno: n.result == 0 ? 0 : n.errno,
                                  hint: "the container's process ended, or another start took it")
            }
            return socket
        } catch {
            // Gone meanwhile, or started by another start: say which status it has now.
            if error.errno == ECONNREFUSED || error.errno == ENOENT || error.call == nil {
                let now = (try? record.read()).map { ObservedStatus($0).ociStatus } ?? "stopped"
                throw .wrongStatus(name, action: "start", status: now == "created" ? "stopped" : now)
            }
            throw .system(what: "start \(name)", error)
        }
    }

    /// `kill` of a container made by `create` (runc's kill): `signal` to its process, or with `all` to every
    /// process of its cgroup; created, running and paused containers take it, a stopped one is refused (but with
    /// `all` while its cgroup is there).
    public func killOCI(_ name: String, signal: Int32, all: Bool) throws(ContainerError) {
        let state = try load(name)
        let status = ObservedStatus(state)
        // With --all, what is left in the cgroup of a stopped container is signalled too, as runc's kill --all does
        // (podman kills --all after the process of a --pid=host container ended).
        if all, !(status == .created || status.hasProcess), let cgroup = try Self.cgroup(of: state),
           cgroup.directories.contains(where: { access($0, F_OK) == 0 }) {
            try? cgroup.signalAll(signal, thawAfterwards: true)
            return
        }
        guard status == .created || status.hasProcess else { throw .notRunning(name) }
        try Self.deliver(signal, to: state, named: name, paused: status == .paused, wholeCgroup: all)
    }

    /// `delete` (runc's): a stopped container's cgroup and state are removed; a created, running or paused one is
    /// refused (the OCI runtime spec: deleting a container that is not stopped must fail and change nothing) unless
    /// `force`, which kills every process of it first and waits for them. Returns the state it had, for its
    /// poststop hooks.
    @discardableResult
    public func delete(_ name: String, force: Bool) throws(ContainerError) -> ContainerState? {
        let state = try? load(name)
        guard state != nil || Directory.exists(directory(of: name)) else { throw .noSuchContainer(name) }
        if let state {
            let status = ObservedStatus(state)
            if status.isLive && !force { throw .wrongStatus(name, action: "delete", status: status.ociStatus) }
            if status.isLive, state.isOCI, let process = state.process {
                if let cgroup = try Self.cgroup(of: state) { try? cgroup.signalAll(SIGKILL, thawAfterwards: true) }
                try Self.killAndWait(process, name: name)
            }
        }
        if let state, !state.isOCI {
            try remove(name, force: force)
            return state
        }
        if let state {
            try Self.removeLeftoverCgroup(of: state, what: "delete \(name)")
            try Self.unmountHostMounts(of: state, what: "delete \(name)")
        }
        try removeDirectory(name)
        return state
    }
}
