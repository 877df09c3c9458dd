import Spec

/// What `mydocker apply` will do, in order: the output of ``Planner/plan(_:)``, the input of the executor.
///
/// A plan is data. `mydocker plan` prints it, unit tests check its order, and the executor carries it out
/// step by step, reporting a failure as `step N (description): reason`.
public struct Plan: Sendable, Equatable {
    public var spec: ContainerSpec
    public var steps: [Step]

    public init(spec: ContainerSpec, steps: [Step]) {
        self.spec = spec
        self.steps = steps
    }
}

/// Which process carries a step out: implied by the step's ``Action``, printed in `mydocker plan`'s second column.
public enum Actor: String, Sendable, Equatable {
    /// mydocker itself, in the host's namespaces.
    case parent
    /// The re-executed mydocker inside the new namespaces.
    case child
}

public struct Step: Sendable, Equatable {
    /// 1-based, as printed.
    public var number: Int
    public var action: Action

    public init(number: Int, action: Action) {
        self.number = number
        self.action = action
    }

    public var actor: Actor { action.actor }
}

/// One thing to do, by the process that does it: a parent step can only hold a ``ParentAction`` and a child step
/// a ``ChildAction``, so neither process can be handed the other's work.
public enum Action: Sendable, Equatable {
    case parent(ParentAction)
    case child(ChildAction)

    public var actor: Actor {
        switch self {
        case .parent: .parent
        case .child: .child
        }
    }
}

/// What mydocker does in the host, before and around the child's creation. Each case carries everything needed
/// to do it, so the executor never reads the spec.
public enum ParentAction: Sendable, Equatable {
    /// Checks that need no change to the host: root, namespace support and limits, rootfs exists, sources exist.
    case preflight([PreflightCheck])
    /// Attach `image` to a free loop device (autoclear; read-only when `readOnly`) for mount number `mount`.
    case attachLoop(mount: Int, image: String, readOnly: Bool)
    /// Prepare a detached mount of a loop-attached image in the parent (fsopen/fsconfig/fsmount),
    /// to be moved into the child's tree later (block file systems cannot be mounted from inside a user namespace).
    /// `fsType` is the mount's `type`, or `auto` when the spec gives none (the executor then probes the image);
    /// `options` are the mount's option words without `loop`.
    case prepareLoopMount(mount: Int, fsType: String, options: [String])
    /// Give the container its own pseudo-terminal (process.terminal).
    case allocateTerminal
    /// setns(2) into an existing namespace before creating the child.
    case joinNamespace(NamespaceKind, path: String)
    /// Make the container's cgroup in every hierarchy at `path` (`linux.cgroupsPath`; nil: the runtime's default,
    /// `/mydocker-<container>`) and apply its limits (`linux.resources`), while the child starts and waits.
    case createCgroup(path: String?, resources: ContainerSpec.Resources?)
    /// clone(2) the child with these new namespaces (the re-executed mydocker starts here), in
    /// ``Planner/namespaceOrder``. A time namespace with offsets is not among them: the child unshares it
    /// in ``ChildAction/writeTimeOffsets(_:)``, since offsets can only be written before any process is inside it.
    case createNamespaces([NamespaceKind])
    /// Move the child into the container's cgroup, while it waits and before it runs anything of its own.
    case enterCgroup
    /// Write /proc/CHILD/setgroups ("allow" or "deny") before the gid map.
    case setgroups(allow: Bool)
    case writeUIDMap([ContainerSpec.IDMapping])
    case writeGIDMap([ContainerSpec.IDMapping])
    /// The spec's `network` section, while the child waits: the container's /etc/hosts, /etc/hostname and
    /// /etc/resolv.conf generated in its folder under the state root and, for `bridge` or a named network, the CNI
    /// plugins' ADD (bridge with host-local, portmap, firewall) in the child's network namespace. Undone (CNI DEL)
    /// however the run ends.
    case setUpNetwork(ContainerSpec.Network)
}

/// What the re-executed child does in the new namespaces, from ``waitForParent`` to ``exec(_:)``. Only these
/// travel to the child (Runtime's wire format).
public enum ChildAction: Sendable, Equatable {
    /// The child waits here until the parent has written the ID maps.
    case waitForParent
    /// unshare(CLONE_NEWCGROUP) once the parent has moved the child into the container's cgroup, so that this
    /// cgroup becomes the root of the new cgroup namespace (clone(2) would root it at mydocker's own).
    case unshareCgroupNamespace
    /// unshare(CLONE_NEWTIME), then write /proc/self/timens_offsets before any process enters the new
    /// time namespace (the child's own process enters it at execve, its children at fork).
    case writeTimeOffsets(ContainerSpec.TimeOffsets)
    case setHostname(String)
    case setDomainname(String)
    /// Write each kernel parameter (`linux.sysctl`) under /proc/sys, in name order: the files answer for the
    /// namespaces of the process that opens them, which are the container's.
    case writeSysctls([String: String])
    /// mount --make-rprivate / so that nothing propagates back to the host.
    case makeMountsPrivate
    /// Bind the files the parent generates (``ParentAction/setUpNetwork(_:)``) read-only over these paths of the
    /// root file system (/etc/hosts, /etc/hostname, /etc/resolv.conf), as podman does: the rootfs is not changed.
    case bindNetworkFiles([String])
    /// Mount number `index` (0-based, spec order) of the spec.
    case mount(index: Int, ContainerSpec.Mount)
    /// Make each device node in the root's /dev (mknod, or a bind of the host's node where mknod is not allowed,
    /// as in a user namespace); with `defaultLinks`, the /dev/fd, stdin, stdout, stderr and ptmx links too.
    case createDevices([ContainerSpec.Device], defaultLinks: Bool)
    /// Stop, while the runtime runs the `prestart` and `createRuntime` hooks in its own namespaces (the container's
    /// namespaces and mounts exist, pivot_root has not happened), then go on.
    case awaitRuntimeHooks(prestart: [ContainerSpec.Hook], createRuntime: [ContainerSpec.Hook])
    /// Run the hooks of `stage` (`createContainer` before pivot_root, `startContainer` just before the process)
    /// here, in the container's namespaces, each with the container's state on its standard input.
    case runHooks(stage: String, [ContainerSpec.Hook])
    /// pivot_root into `path`, then unmount and detach the old root.
    case pivotRoot(path: String)
    /// Set the propagation of / (`linux.rootfsPropagation`) once the root is in place.
    case setRootPropagation(String)
    /// Make / read-only once the mounts are done (root.readonly).
    case remountRootReadonly
    /// Remount each path read-only (`linux.readonlyPaths`); a path that does not exist is skipped.
    case makePathsReadonly([String])
    /// Hide each path (`linux.maskedPaths`): /dev/null over a file, an empty read-only tmpfs over a folder;
    /// a path that does not exist is skipped.
    case maskPaths([String])
    /// setrlimit(2) for each of `process.rlimits`.
    case setRlimits([ContainerSpec.Rlimit])
    /// Write /proc/self/oom_score_adj (`process.oomScoreAdj`).
    case setOOMScoreAdj(Int32)
    /// personality(2) (`linux.personality`).
    case setPersonality(ContainerSpec.Personality)
    /// ioprio_set(2) (`process.ioPriority`).
    case setIOPriority(ContainerSpec.IOPriority)
    /// sched_setattr(2) (`process.scheduler`).
    case setScheduler(ContainerSpec.Scheduler)
    /// The AppArmor profile and SELinux label the process gets at its execve (/proc/self/attr/…/exec).
    case setExecLabels(apparmor: String?, selinux: String?)
    /// Drop every capability not listed from the bounding set, and keep the permitted set across the identity
    /// change that follows (PR_SET_KEEPCAPS), as runc does.
    case limitBoundingSet([String])
    /// setgroups, setgid, setuid, in that order.
    case setIdentity(uid: UInt32, gid: UInt32, additionalGids: [UInt32])
    /// capset(2) of the effective, permitted and inheritable sets, then the ambient set (`process.capabilities`).
    case setCapabilities(ContainerSpec.Capabilities)
    /// umask(2) (`process.user.umask`).
    case setUmask(UInt32)
    case changeDirectory(String)
    case setEnvironment([String])
    /// prctl(PR_SET_NO_NEW_PRIVS) (`process.noNewPrivileges`).
    case setNoNewPrivileges
    /// Install the system call filter of `linux.seccomp` (compiled by the parent with libseccomp): with
    /// no_new_privs, last, as the process's execve is made; without it, before the capabilities are dropped
    /// (seccomp(2) then needs CAP_SYS_ADMIN), as runc does.
    case installSeccomp(ContainerSpec.Seccomp)
    /// Start a minimal init as PID 1 that forwards signals and reaps orphans; the process runs as its child.
    case startInit
    /// execve(2) process.args[0] (searched in PATH from the container's environment), with process.args.
    case exec([String])
}

/// A check made before anything changes.
public enum PreflightCheck: Sendable, Equatable {
    case runningAsRoot
    case namespaceSupported(NamespaceKind)
    case rootfsExists(String)
    case mountSourceExists(index: Int, path: String)
    case namespacePathExists(NamespaceKind, path: String)
    /// The Linux security module a label of the spec needs is active: `AppArmor` (process.apparmorProfile) or
    /// `SELinux` (process.selinuxLabel). runc refuses to start without it, and so does mydocker, before any change.
    case securityModuleActive(String)
}

extension Plan {
    /// The steps mydocker does in the host, in order (all of them come before the child's).
    public var parentSteps: [Step] { steps.filter { $0.actor == .parent } }
    /// The steps the re-executed child does, in order, from ``ChildAction/waitForParent`` to ``ChildAction/exec(_:)``.
    public var childSteps: [Step] { steps.filter { $0.actor == .child } }
}
