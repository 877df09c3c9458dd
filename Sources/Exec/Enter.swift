import CShim
import ContainerStore
import Glibc
import LinuxSystem

/// `mydocker exec NAME -- CMD`: runs CMD inside every namespace of a running container, with its root as `/`
/// and its user, cwd and environment (unless the request says otherwise). md_spawn starts it (Sources/CShim/spawn.c),
/// the ``Supervisor`` waits for it.
public enum Enter {
    /// Runs the command and returns how it ended. With `detach` (`exec --detach`, runc's), the command is left
    /// running instead: `detach` gets its pid and the master of its terminal (-1 without one; closed once `detach`
    /// returns), and exec returns `.exited(0)` at once.
    public static func run(_ request: ExecRequest, name: String, store: StateStore,
                           detach: ((Int32, Int32) throws(EnterError) -> Void)? = nil) throws(EnterError) -> ProcessExit {
        guard !request.arguments.isEmpty else { throw .badOption("exec needs a command: mydocker exec \(name) -- CMD [ARGS...]") }
        let euid = geteuid()
        guard euid == 0 else { throw .notRoot(euid: euid) }
        // Checked before anything is opened: an open descriptor's number cannot be taken by ours meanwhile.
        let passed: PassedDescriptors
        do {
            passed = try PassedDescriptors.fromCaller(preserve: request.preserveFDs, listen: false)
        } catch {
            throw .system(what: "pass descriptors into \(name)", error)
        }
        let state: ContainerState
        do {
            state = try store.load(name)
        } catch {
            throw .container(error)
        }
        let status = ObservedStatus(state)
        if status == .paused { throw .container(.paused(name)) }
        // A container made by `create` and not started yet takes exec too, as runc's does: its namespaces and its
        // root are in place, its process waits for start.
        guard status == .running || status == .created, let process = state.process else {
            throw .container(.notRunning(name))
        }
        let userSpec = try request.userSpec()
        let namespaces = try ContainerNamespaces(process: process, name: name)
        // Names in --user are the container's: its /etc/passwd and /etc/group, read inside its root.
        var database = UserDatabase()
        if let userSpec { database = try UserDatabase.read(for: userSpec, root: namespaces.root) }
        let identity = try request.identity(
            containerUID: state.user.uid, containerGID: state.user.gid, containerGroups: state.user.additionalGids,
            database: database
        )
        let environment = request.environment(container: state.env)
        // The container's cgroup and its process's confinement, read and opened before anything is started.
        let confinement = try ExecConfinement.load(state, name: name, store: store)
        let cwd = request.cwd ?? state.cwd

        // Signals are taken before the command exists, so that none sent meanwhile is lost or kills us.
        let supervisor: Supervisor
        do {
            supervisor = try Supervisor()
        } catch {
            throw .system(what: "forward signals to the command", error)
        }
        defer { supervisor.restore() }

        var master: FileDescriptor?
        var slave: FileDescriptor?
        if request.tty {
            let (masterFD, slaveFD) = try ExecTerminal.allocate(root: namespaces.root)
            master = FileDescriptor(owning: masterFD)
            slave = FileDescriptor(owning: slaveFD)
            // The command's user owns its terminal, as apply's container user does.
            if let owner = IDMap.hostID(of: identity.uid, map: "/proc/\(process.pid)/uid_map") { _ = fchown(slaveFD, owner, UInt32.max) }
            if detach == nil { supervisor.relay(terminal: masterFD) }
        }

        let pid = try spawn(
            request.arguments, environment: environment, namespaces: namespaces, terminal: slave?.rawValue ?? -1,
            passed: passed, cwd: cwd, identity: identity, name: name, confinement: confinement
        )
        slave = nil  // the command holds it now: the master reads EIO once the command and its children are gone
        for fd in passed.descriptors { close(fd) }  // the command's now: their lifetime is its, not ours
        if let detach {
            do {
                try detach(pid, master?.rawValue ?? -1)
            } catch {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                _ = retryingOnInterrupt { waitpid(pid, &status, 0) }.result
                throw error
            }
            return .exited(0)
        }
        let pidfd: Pidfd
        do {
            pidfd = try Pidfd.open(child: pid)
        } catch {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = retryingOnInterrupt { waitpid(pid, &status, 0) }.result
            throw .system(what: "wait for the command", error)
        }
        supervisor.enterRawMode()
        let exit = supervisor.waitForExit(of: pid, pidfd: pidfd.descriptor.rawValue)
        _ = master.take()  // relayed and drained to the end: closed now
        return exit
    }

    /// Starts the command (md_spawn): an intermediate process joins the namespaces in order, then the command,
    /// inside the pid namespace, takes the container's root, its terminal (`terminal`, the slave side; -1: our
    /// stdio pass through) and the `passed` descriptors as 3, 4, … (nothing else of ours crosses), the identity and
    /// `cwd`, and executes the first of the PATH candidates that runs; first of all it moves into the container's
    /// cgroup, and it takes the container's `confinement` around the identity change (``ExecConfinement``).
    static func spawn(
        _ arguments: [String], environment: [String], namespaces: borrowing ContainerNamespaces, terminal: Int32,
        passed: PassedDescriptors = PassedDescriptors(), cwd: String, identity: (uid: UInt32, gid: UInt32, groups: [UInt32]),
        name: String, confinement: borrowing ExecConfinement
    ) throws(EnterError) -> Int32 {
        let command = arguments[0]
        var request = SpawnRequest(arguments: arguments, environment: environment)
        request.candidates = ExecSearch.candidates(for: command, path: ExecSearch.path(in: environment))
        request.joinDescriptors = namespaces.joins.map { $0.file.rawValue }
        request.joinFlags = namespaces.joins.map { NamespaceFlags.cloneFlag(procName: $0.name) }
        request.root = namespaces.root.rawValue
        request.resetSignalHandlers = true
        request.descriptors = (terminal >= 0 ? [terminal, terminal, terminal] : [0, 1, 2]) + passed.descriptors
        if terminal >= 0 { request.session = .terminal }
        request.setIdentity = true
        request.uid = identity.uid
        request.gid = identity.gid
        request.groups = identity.groups
        request.cwd = cwd
        confinement.apply(to: &request)
        do {
            return try request.start()
        } catch {
            if let step = ExecConfinement.step(of: error, name: name, cgroupDirectories: confinement.cgroupDirectories,
                                               rlimits: confinement.confinement.rlimits) {
                var cause = error.systemError
                cause.hint = step.hint
                throw .system(what: step.what, cause)
            }
            throw failure(error, joins: namespaces.joins.map(\.name), name: name, command: command, cwd: cwd,
                          identity: identity)
        }
    }

    /// md_spawn's failure in exec's words: what it was doing in the container `name`.
    static func failure(
        _ spawnFailure: SpawnFailure, joins: [String], name: String, command: String, cwd: String,
        identity: (uid: UInt32, gid: UInt32, groups: [UInt32])
    ) -> EnterError {
        let err = spawnFailure.errno
        func step(_ what: String, hint: String? = nil) -> EnterError {
            var error = spawnFailure.systemError
            if let hint { error.hint = hint }
            return .system(what: what, error)
        }
        switch spawnFailure.stage {
        case MD_SPAWN_STAGE_EXEC:
            return err == ENOENT ? .commandNotFound(command) : .cannotExecute(command, errno: err)
        case MD_SPAWN_STAGE_SETNS:
            let ns = joins.indices.contains(spawnFailure.index) ? joins[spawnFailure.index] : "?"
            return step("join the \(ns) namespace of \(name)")
        case MD_SPAWN_STAGE_FCHDIR, MD_SPAWN_STAGE_CHROOT:
            return step("enter the root of \(name)")
        case MD_SPAWN_STAGE_CLONE where spawnFailure.index == 1:
            return step("start the command in the pid namespace of \(name)")
        case MD_SPAWN_STAGE_SETSID, MD_SPAWN_STAGE_TIOCSCTTY, MD_SPAWN_STAGE_DUP2, MD_SPAWN_STAGE_DUPFD:
            return step("give the command its terminal")
        case MD_SPAWN_STAGE_SETGROUPS:
            return step("set supplementary groups \(identity.groups)")
        case MD_SPAWN_STAGE_SETRESGID:
            return step("set gid \(identity.gid)", hint: err == EINVAL ? "gid \(identity.gid) is not mapped in the container's user namespace" : nil)
        case MD_SPAWN_STAGE_SETRESUID:
            return step("set uid \(identity.uid)", hint: err == EINVAL ? "uid \(identity.uid) is not mapped in the container's user namespace" : nil)
        case MD_SPAWN_STAGE_CHDIR:
            return step("change directory to \(cwd)")
        case MD_SPAWN_STAGE_LOST:
            return step("join the namespaces of \(name)")
        default:
            return step("start the command")
        }
    }
}
