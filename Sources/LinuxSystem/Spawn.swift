import CShim

/// A process to start with mydocker's one spawner, md_spawn (Sources/CShim/include/md_spawn.h), described in
/// Swift: the four starts (apply's child, the minimal init's process, exec's command, the detached monitor) fill
/// in what they need, and ``start()`` lays it out for C once.
public struct SpawnRequest {
    /// Who leads the process's session.
    public enum Session: Sendable {
        /// Ours.
        case keep
        /// Its own (setsid).
        case new
        /// Its own, with descriptor 0 as its controlling terminal.
        case terminal
    }

    /// What happens to the capabilities across the execve.
    public enum Capabilities: Sendable {
        case unchanged
        /// Raised into the ambient set, so that they survive an execve by a uid not mapped yet.
        case keep
        /// The ambient and inheritable sets cleared, so that a non-root process gets none.
        case dropInherited
    }

    public var arguments: [String]
    public var environment: [String]
    /// The file to execute, already open (execveat); -1 to try ``candidates`` instead.
    public var executable: Int32 = -1
    /// Paths to execve in turn by execvp's rules (``ExecSearch/candidates(for:path:)``).
    public var candidates: [String] = []
    /// The process's descriptor table: `descriptors[i]` becomes descriptor i (-1: closed; i itself: ours, kept).
    /// Nothing else crosses the execve: every descriptor past the table is closed there, whether or not it is
    /// close-on-exec in the caller. By default our stdio and nothing more.
    public var descriptors: [Int32] = [0, 1, 2]
    /// Namespaces to join first, in order: open namespace files, and the CLONE_NEW* flag of each.
    public var joinDescriptors: [Int32] = []
    public var joinFlags: [Int32] = []
    /// CLONE_NEW* flags of the namespaces to create.
    public var cloneFlags: Int32 = 0
    /// A daemon: not our child, in a session of its own.
    public var detach = false
    public var parentDeathSignal: Int32 = 0
    /// A CPU the process starts on alone, before anything else (a hint), so that it runs beside the caller rather
    /// than after it; -1 leaves it the caller's affinity (md_affinity.h).
    public var cpu: Int32 = -1
    /// Every signal handler back to its default (the mask is always emptied).
    public var resetSignalHandlers = false
    /// A directory to chroot into (fchdir, then chroot(".")); -1 keeps ours.
    public var root: Int32 = -1
    public var session = Session.keep
    /// setgroups(groups), setresgid(gid), setresuid(uid) when ``setIdentity``.
    public var setIdentity = false
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var groups: [UInt32] = []
    public var cwd: String?
    public var capabilities = Capabilities.unchanged
    /// A compiled system call filter (struct sock_filter instructions, 8 bytes each), installed last, right before
    /// the execve, with these seccomp(2) flags; empty for none.
    public var seccompFilter: [UInt8] = []
    public var seccompFlags: UInt32 = 0
    /// A running container's confinement to take (exec's command), nil for none.
    public var confinement: SpawnConfinement?

    public init(arguments: [String], environment: [String]) {
        self.arguments = arguments
        self.environment = environment
    }

    /// Starts the process: its pid (when detached, not a child of ours). On a failure the process, if it was
    /// our child, is already reaped.
    public func start() throws(SpawnFailure) -> Int32 {
        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        let paths = CStringArray(candidates)
        var attributes = md_spawn_attr()
        md_spawn_attr_init(&attributes)
        attributes.clone_flags = cloneFlags
        attributes.detach = detach ? 1 : 0
        attributes.parent_death_signal = parentDeathSignal
        attributes.cpu = cpu
        attributes.reset_signal_handlers = resetSignalHandlers ? 1 : 0
        attributes.root_fd = root
        switch session {
        case .keep: attributes.session = Int32(MD_SPAWN_SESSION_KEEP)
        case .new: attributes.session = Int32(MD_SPAWN_SESSION_NEW)
        case .terminal: attributes.session = Int32(MD_SPAWN_SESSION_TERMINAL)
        }
        attributes.set_identity = setIdentity ? 1 : 0
        attributes.uid = uid
        attributes.gid = gid
        switch capabilities {
        case .unchanged: attributes.capabilities = Int32(MD_SPAWN_CAPS_UNCHANGED)
        case .keep: attributes.capabilities = Int32(MD_SPAWN_CAPS_KEEP)
        case .dropInherited: attributes.capabilities = Int32(MD_SPAWN_CAPS_DROP_INHERITED)
        }
        attributes.exec_fd = executable
        attributes.argv = argv.constPointers
        attributes.envp = envp.constPointers
        attributes.candidates = paths.constPointers
        attributes.candidate_count = Int32(paths.count)
        var failure = md_spawn_failure()
        let pid = withExtendedLifetime((argv, envp, paths)) {
            descriptors.withUnsafeBufferPointer { fds in
                joinDescriptors.withUnsafeBufferPointer { jfds in
                    joinFlags.withUnsafeBufferPointer { jflags in
                        groups.withUnsafeBufferPointer { gids in
                            withOptionalCString(cwd) { cwdPointer in
                              seccompFilter.withUnsafeBytes { filter in
                                if !seccompFilter.isEmpty {
                                    attributes.seccomp_filter = filter.baseAddress
                                    attributes.seccomp_count = UInt32(seccompFilter.count / 8)
                                    attributes.seccomp_flags = seccompFlags
                                }
                                attributes.fds = fds.baseAddress
                                attributes.fd_count = Int32(fds.count)
                                attributes.join_fds = jfds.baseAddress
                                attributes.join_types = jflags.baseAddress
                                attributes.join_count = Int32(jfds.count)
                                attributes.groups = gids.baseAddress
                                attributes.group_count = Int32(gids.count)
                                attributes.cwd = cwdPointer
                                guard let confinement else { return md_spawn(&attributes, &failure) }
                                return confinement.withAttributes { pointer in
                                    attributes.confinement = pointer
                                    return md_spawn(&attributes, &failure)
                                }
                              }
                            }
                        }
                    }
                }
            }
        }
        guard pid > 0 else { throw SpawnFailure(failure) }
        return pid
    }
}

/// `body` with `text` as a C string, or with NULL when it is nil.
func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString(body)
}
