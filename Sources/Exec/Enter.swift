import CShim
import ContainerStore
import Glibc
import LinuxSystem

/// `mydocker exec NAME -- CMD`: runs CMD inside every namespace of a running container, with its root as `/`
/// and its user, cwd and environment (unless the request says otherwise); see Sources/CShim/nsenter.c.
public enum Enter {
    /// Runs the command and returns how it ended.
    public static func run(_ request: ExecRequest, name: String, store: StateStore) throws(EnterError) -> ProcessExit {
        guard !request.arguments.isEmpty else { throw .badOption("exec needs a command: mydocker exec \(name) -- CMD [ARGS...]") }
        let euid = geteuid()
        guard euid == 0 else { throw .notRoot(euid: euid) }
        let state: ContainerState
        do {
            state = try store.load(name)
        } catch {
            throw .container(error)
        }
        guard ObservedStatus(state) == .running, let process = state.process else {
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
        let cwd = request.cwd ?? state.cwd

        var master: Int32 = -1
        var slave: Int32 = -1
        if request.tty {
            guard md_open_pty(&master, &slave) == 0 else {
                throw .system(what: "allocate a terminal", SystemError(call: "posix_openpt", errno: errno))
            }
            // The command's user owns its terminal, as apply's container user does.
            if let owner = IDMap.hostID(of: identity.uid, map: "/proc/\(process.pid)/uid_map") { _ = fchown(slave, owner, UInt32.max) }
        }
        defer { if master >= 0 { close(master) } }

        var config = md_nsenter_config()
        config.ns_count = Int32(namespaces.joins.count)
        withUnsafeMutableBytes(of: &config.ns_fds) { raw in
            let fds = raw.bindMemory(to: Int32.self)
            for (index, join) in namespaces.joins.enumerated() { fds[index] = join.fd }
        }
        withUnsafeMutableBytes(of: &config.ns_types) { raw in
            let types = raw.bindMemory(to: Int32.self)
            for (index, join) in namespaces.joins.enumerated() { types[index] = md_nsenter_clone_flag(join.name) }
        }
        config.root_fd = namespaces.root.rawValue
        config.tty_slave = slave
        config.tty_master = master
        config.uid = identity.uid
        config.gid = identity.gid
        config.ngroups = Int32(identity.groups.count)

        let searchPath = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? ""
        var result = md_nsenter_result()
        let argv = CStringArray(request.arguments)
        let envp = CStringArray(environment)
        let outcome = withExtendedLifetime((argv, envp)) {
            cwd.withCString { cwdPointer in
                searchPath.withCString { pathPointer in
                    identity.groups.withUnsafeBufferPointer { groups in
                        config.argv = argv.constPointers
                        config.envp = envp.constPointers
                        config.cwd = cwdPointer
                        config.search_path = pathPointer
                        config.groups = groups.baseAddress
                        return md_nsenter_run(&config, &result)
                    }
                }
            }
        }
        if outcome == 0 { return ProcessExit(waitStatus: result.status) }
        throw failure(result, joins: namespaces.joins.map(\.name), name: name, command: request.arguments[0], cwd: cwd, identity: identity)
    }

    static func failure(
        _ result: md_nsenter_result, joins: [String], name: String, command: String, cwd: String,
        identity: (uid: UInt32, gid: UInt32, groups: [UInt32])
    ) -> EnterError {
        let err = result.err
        func step(_ what: String, _ syscall: String, hint: String? = nil) -> EnterError {
            .system(what: what, SystemError(call: syscall, errno: err, hint: hint))
        }
        switch UInt32(result.stage) {
        case MD_NSENTER_STAGE_EXEC.rawValue:
            return err == ENOENT ? .commandNotFound(command) : .cannotExecute(command, errno: err)
        case MD_NSENTER_STAGE_SETNS.rawValue:
            let ns = joins.indices.contains(Int(result.index)) ? joins[Int(result.index)] : "?"
            return step("join the \(ns) namespace of \(name)", "setns")
        case MD_NSENTER_STAGE_FCHDIR.rawValue: return step("enter the root of \(name)", "fchdir")
        case MD_NSENTER_STAGE_CHROOT.rawValue: return step("enter the root of \(name)", "chroot")
        case MD_NSENTER_STAGE_CLONE.rawValue: return step("start the command in the pid namespace of \(name)", "clone")
        case MD_NSENTER_STAGE_SETSID.rawValue: return step("give the command its terminal", "setsid")
        case MD_NSENTER_STAGE_TIOCSCTTY.rawValue: return step("give the command its terminal", "ioctl(TIOCSCTTY)")
        case MD_NSENTER_STAGE_DUP2.rawValue: return step("give the command its terminal", "dup2")
        case MD_NSENTER_STAGE_SETGROUPS.rawValue:
            return step("set supplementary groups \(identity.groups)", "setgroups")
        case MD_NSENTER_STAGE_SETGID.rawValue:
            return step("set gid \(identity.gid)", "setresgid", hint: err == EINVAL ? "gid \(identity.gid) is not mapped in the container's user namespace" : nil)
        case MD_NSENTER_STAGE_SETUID.rawValue:
            return step("set uid \(identity.uid)", "setresuid", hint: err == EINVAL ? "uid \(identity.uid) is not mapped in the container's user namespace" : nil)
        case MD_NSENTER_STAGE_CHDIR.rawValue: return step("change directory to \(cwd)", "chdir")
        case MD_NSENTER_STAGE_PIPE.rawValue: return step("start the command", "pipe2")
        case MD_NSENTER_STAGE_FORK.rawValue: return step("start the command", "fork")
        case MD_NSENTER_STAGE_SIGNALFD.rawValue: return step("forward signals to the command", "signalfd")
        default:
            return .system(what: "join the namespaces of \(name)", SystemError(hint: "the joining process died (wait status \(err))"))
        }
    }
}
