import CShim
import ContainerStore
import Glibc
import LinuxSystem
import Spec

/// What `exec` gives its command of the container besides its namespaces and root, as runc's exec does: the
/// container's cgroup (every recorded directory's `cgroup.procs`, held open here and written by md_spawn's process
/// first of all) and its process's recorded confinement (capabilities, no_new_privs, labels, rlimits, the compiled
/// seccomp program). A container recorded without a confinement (an older mydocker) gets none of the latter.
struct ExecConfinement: ~Copyable {
    /// Open `cgroup.procs` descriptors, owned: closed with this value (md_spawn's process has its own copies).
    let cgroupProcs: [Int32]
    /// The directories they are in, in the same order.
    let cgroupDirectories: [String]
    let confinement: ProcessConfinement
    /// The recorded program and its flags, when the container has one.
    let seccomp: (bytes: [UInt8], flags: UInt32)?

    private init(cgroupProcs: [Int32], cgroupDirectories: [String], confinement: ProcessConfinement, seccomp: (bytes: [UInt8], flags: UInt32)?) {
        self.cgroupProcs = cgroupProcs
        self.cgroupDirectories = cgroupDirectories
        self.confinement = confinement
        self.seccomp = seccomp
    }

    deinit {
        for fd in cgroupProcs { close(fd) }
    }

    /// Reads what `state` recorded of container `name`: its seccomp program from the store, and its cgroup's
    /// `cgroup.procs` files opened for writing (a directory that is gone is an error: the command would escape).
    static func load(_ state: ContainerState, name: String, store: StateStore) throws(EnterError) -> ExecConfinement {
        var seccomp: (bytes: [UInt8], flags: UInt32)?
        let recorded = state.confinement
        if recorded.seccomp || recorded.seccompFlags != nil {
            guard let flags = recorded.seccompFlags else {
                throw .container(.corruptState(name, reason: "its seccomp program was never recorded (the container did not finish starting)"))
            }
            do {
                seccomp = (try store.seccompProgram(of: name), flags)
            } catch {
                throw .container(error)
            }
        }
        var fds: [Int32] = []
        for directory in state.cgroupDirectories {
            let path = directory + "/cgroup.procs"
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let err = errno
                for fd in fds { close(fd) }
                throw .system(what: "join the cgroup of \(name)", SystemError(
                    call: "open \(path)", errno: err,
                    hint: err == ENOENT ? "the container's cgroup is gone: has it ended?" : nil))
            }
            fds.append(fd)
        }
        return ExecConfinement(cgroupProcs: fds, cgroupDirectories: state.cgroupDirectories, confinement: recorded, seccomp: seccomp)
    }

    /// The confinement into md_spawn's request.
    func apply(to request: inout SpawnRequest) {
        var spawn = SpawnConfinement()
        spawn.cgroupProcs = cgroupProcs
        spawn.rlimits = confinement.rlimits.compactMap { limit in
            RlimitName.number(limit.type).map { (resource: Int32($0), soft: limit.soft, hard: limit.hard) }
        }
        if let caps = confinement.capabilities {
            spawn.capabilities = SpawnConfinement.CapabilityMasks(
                bounding: Self.mask(caps.bounding), effective: Self.mask(caps.effective),
                permitted: Self.mask(caps.permitted), inheritable: Self.mask(caps.inheritable),
                ambient: Self.mask(caps.ambient))
        }
        spawn.noNewPrivileges = confinement.noNewPrivileges
        spawn.apparmorProfile = confinement.apparmorProfile
        spawn.selinuxLabel = confinement.selinuxLabel
        request.confinement = spawn
        if let seccomp {
            request.seccompFilter = seccomp.bytes
            request.seccompFlags = seccomp.flags
        }
    }

    /// The bits of capability `names` (the state's names are checked when it is read).
    static func mask(_ names: [String]) -> UInt64 {
        names.reduce(0) { mask, name in Capability.number(name).map { mask | (1 << UInt64($0)) } ?? mask }
    }

    /// What a confinement stage of md_spawn was doing, in exec's words, and a hint; nil for another stage.
    static func step(
        of failure: SpawnFailure, name: String, cgroupDirectories: [String], rlimits: [ContainerSpec.Rlimit]
    ) -> (what: String, hint: String?)? {
        guard let what = describe(failure, name: name, cgroupDirectories: cgroupDirectories, rlimits: rlimits) else { return nil }
        var hint: String?
        switch (failure.stage, failure.errno) {
        case (MD_SPAWN_STAGE_CAPSET, EPERM):
            hint = "a recorded capability is effective or inheritable but not permitted, or not in the bounding set"
        case (MD_SPAWN_STAGE_CGROUP, ENOENT), (MD_SPAWN_STAGE_CGROUP, ENODEV):
            hint = "the container's cgroup is gone: has it ended?"
        case (MD_SPAWN_STAGE_SECCOMP, EACCES):
            hint = "without no_new_privs the filter needs CAP_SYS_ADMIN"
        case (MD_SPAWN_STAGE_EXEC_LABEL, ENOENT), (MD_SPAWN_STAGE_EXEC_LABEL, EINVAL):
            hint = "the profile or label is not loaded on this host"
        default:
            break
        }
        return (what, hint)
    }

    private static func describe(
        _ failure: SpawnFailure, name: String, cgroupDirectories: [String], rlimits: [ContainerSpec.Rlimit]
    ) -> String? {
        func capability(_ number: Int) -> String {
            Capability.names.indices.contains(number) ? Capability.names[number] : "capability \(number)"
        }
        switch failure.stage {
        case MD_SPAWN_STAGE_CGROUP:
            let directory = cgroupDirectories.indices.contains(failure.index) ? cgroupDirectories[failure.index] : "?"
            return "move the command into the cgroup of \(name) (\(directory)/cgroup.procs)"
        case MD_SPAWN_STAGE_RLIMIT:
            let limit = rlimits.indices.contains(failure.index)
                ? "\(rlimits[failure.index].type) \(rlimits[failure.index].soft):\(rlimits[failure.index].hard)" : "?"
            return "set the resource limit \(limit) of \(name)"
        case MD_SPAWN_STAGE_CAP_LAST, MD_SPAWN_STAGE_KEEPCAPS:
            return "give the command the capabilities of \(name)"
        case MD_SPAWN_STAGE_CAPBSET:
            return "drop \(capability(failure.index)) from the command's bounding set, as \(name)'s"
        case MD_SPAWN_STAGE_CAPSET:
            return "set the command's capabilities to those of \(name)"
        case MD_SPAWN_STAGE_AMBIENT:
            return failure.index < 0 ? "clear the command's ambient capabilities"
                : "raise \(capability(failure.index)) into the command's ambient set, as \(name)'s"
        case MD_SPAWN_STAGE_NO_NEW_PRIVS:
            return "set no_new_privs on the command, as \(name)'s process has it"
        case MD_SPAWN_STAGE_EXEC_LABEL:
            return failure.index == 0 ? "give the command the AppArmor profile of \(name)" : "give the command the SELinux label of \(name)"
        case MD_SPAWN_STAGE_SECCOMP:
            return "install the seccomp filter of \(name)"
        default:
            return nil
        }
    }
}
