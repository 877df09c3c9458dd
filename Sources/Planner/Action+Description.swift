import Spec

/// One line that says what an action does, as `mydocker plan` prints it and as apply's error messages name
/// the step that failed (`apply: step 7 (sethostname "box"): Operation not permitted`).
extension Action: CustomStringConvertible {
    public var description: String {
        switch self {
        case .parent(let action): action.description
        case .child(let action): action.description
        }
    }
}

extension ParentAction: CustomStringConvertible {
    public var description: String {
        switch self {
        case .preflight(let checks):
            return "preflight: " + PreflightCheck.summary(checks)
        case .attachLoop(_, let image, let readOnly):
            return "attach \(Quoting.word(image)) to a free loop device" + (readOnly ? " (read-only)" : "")
        case .prepareLoopMount(let mount, let fsType, let options):
            return "fsmount \(Quoting.word(fsType)) from the loop device of mounts[\(mount)]" + Action.optionList(options)
        case .createNamespaces(let kinds):
            return "clone(" + (kinds.isEmpty ? "no new namespaces" : kinds.map(\.cloneFlagName).joined(separator: "|")) + ")"
        case .joinNamespace(let kind, let path):
            return "setns(\(Quoting.word(path)), \(kind.cloneFlagName))"
        case .setgroups(let allow):
            return "write /proc/CHILD/setgroups: " + (allow ? "allow" : "deny")
        case .writeUIDMap(let mappings):
            return "write /proc/CHILD/uid_map: " + Action.mapLines(mappings)
        case .writeGIDMap(let mappings):
            return "write /proc/CHILD/gid_map: " + Action.mapLines(mappings)
        case .allocateTerminal:
            return "allocate a pseudo-terminal"
        case .createCgroup(let path, let resources):
            let limits = resources?.limitWords ?? []
            return "create cgroup " + (path.map(Quoting.word) ?? "/mydocker-CONTAINER")
                + (limits.isEmpty ? "" : " (" + limits.joined(separator: ", ") + ")")
        case .enterCgroup:
            return "move the child into its cgroup"
        case .setUpNetwork(let network):
            return Action.networkWords(network)
        }
    }
}

extension ChildAction: CustomStringConvertible {
    public var description: String {
        switch self {
        case .waitForParent:
            return "wait for the parent"
        case .unshareCgroupNamespace:
            return "unshare(CLONE_NEWCGROUP)"
        case .writeTimeOffsets(let offsets):
            return "unshare(CLONE_NEWTIME), write /proc/self/timens_offsets: " + Action.offsetLines(offsets)
        case .setHostname(let name):
            return "sethostname \(Quoting.quoted(name))"
        case .setDomainname(let name):
            return "setdomainname \(Quoting.quoted(name))"
        case .writeSysctls(let values):
            return "write /proc/sys: " + values.keys.sorted().map { "\($0)=\(Quoting.word(values[$0] ?? ""))" }.joined(separator: ", ")
        case .makeMountsPrivate:
            return "mount --make-rprivate /"
        case .bindNetworkFiles(let paths):
            return "bind the generated " + paths.joined(separator: ", ") + " read-only"
        case .createDevices(let devices, let links):
            let nodes = devices.map { "\($0.path) (\($0.type) \($0.major):\($0.minor))" }
            return "create devices: " + (nodes + (links ? ["the /dev/fd, stdin, stdout, stderr and ptmx links"] : [])).joined(separator: ", ")
        case .awaitRuntimeHooks(let prestart, let createRuntime):
            let hooks = prestart.map { "prestart " + Quoting.word($0.path) } + createRuntime.map { "createRuntime " + Quoting.word($0.path) }
            return "wait while the runtime runs its hooks: " + hooks.joined(separator: ", ")
        case .runHooks(let stage, let hooks):
            return "run \(stage) hooks: " + hooks.map { Quoting.words($0.args.isEmpty ? [$0.path] : $0.args) }.joined(separator: ", ")
        case .setRootPropagation(let propagation):
            return "mount --make-\(propagation) /"
        case .makePathsReadonly(let paths):
            return "remount read-only: " + Quoting.words(paths)
        case .maskPaths(let paths):
            return "mask: " + Quoting.words(paths)
        case .setRlimits(let limits):
            return "setrlimit " + limits.map { "\($0.type)=\($0.soft):\($0.hard)" }.joined(separator: ", ")
        case .setOOMScoreAdj(let adj):
            return "write /proc/self/oom_score_adj: \(adj)"
        case .setPersonality(let p):
            return "personality(\(([p.domain] + p.flags).joined(separator: "|")))"
        case .setIOPriority(let p):
            return "ioprio_set(\(p.ioClass), \(p.priority))"
        case .setScheduler(let s):
            var words = [s.policy]
            if let nice = s.nice { words.append("nice \(nice)") }
            if let priority = s.priority { words.append("priority \(priority)") }
            return "sched_setattr(" + (words + s.flags).joined(separator: ", ") + ")"
        case .setExecLabels(let apparmor, let selinux):
            let labels = [apparmor.map { "AppArmor profile " + Quoting.word($0) }, selinux.map { "SELinux label " + Quoting.word($0) }]
            return "on execve: " + labels.compactMap { $0 }.joined(separator: ", ")
        case .limitBoundingSet(let caps):
            return "bounding set: " + (caps.isEmpty ? "(empty)" : caps.joined(separator: " ")) + "; keep capabilities across setuid"
        case .setCapabilities(let c):
            func set(_ name: String, _ caps: [String]) -> String { name + " " + (caps.isEmpty ? "(empty)" : caps.joined(separator: " ")) }
            return "capset: " + [set("effective", c.effective), set("permitted", c.permitted), set("inheritable", c.inheritable),
                                 set("ambient", c.ambient)].joined(separator: "; ")
        case .setUmask(let mask):
            return "umask " + String(mask, radix: 8).leftPadded(to: 4)
        case .setNoNewPrivileges:
            return "prctl(PR_SET_NO_NEW_PRIVS)"
        case .installSeccomp(let seccomp):
            let names = seccomp.syscalls.reduce(0) { $0 + $1.names.count }
            return "install the seccomp filter: default \(seccomp.defaultAction), \(seccomp.syscalls.count) rules over \(names) system calls"
        case .mount(_, let mount):
            return Action.mountDescription(mount)
        case .pivotRoot(let path):
            return "pivot_root \(Quoting.word(path))"
        case .remountRootReadonly:
            return "remount / read-only"
        case .setIdentity(let uid, let gid, let groups):
            return "setgroups(\(groups.map(String.init).joined(separator: ", "))), setgid(\(gid)), setuid(\(uid))"
        case .changeDirectory(let path):
            return "chdir \(Quoting.word(path))"
        case .setEnvironment(let env):
            return "set environment: " + (env.isEmpty ? "(empty)" : Quoting.words(env))
        case .startInit:
            return "start init as PID 1 (forwards signals, reaps orphans)"
        case .exec(let args):
            return "execve " + Quoting.words(args)
        }
    }
}

extension Action {
    /// `mount /data: bind /srv/data (ro, nosuid)`, `mount /proc: proc proc`,
    /// `mount /mnt: ext4 /srv/img.ext4 via a loop device (ro)`.
    static func mountDescription(_ mount: ContainerSpec.Mount) -> String {
        let options = mount.resolvedOptions
        let what: String
        if mount.isLoop {
            what = (mount.type ?? "auto") + " " + Quoting.word(mount.resolvedSource ?? mount.source ?? "") + " via a loop device"
        } else {
            let kind = mount.isBind ? (options.recursiveBind ? "rbind" : "bind") : (mount.type ?? "none")
            what = kind + ((mount.resolvedSource ?? mount.source).map { " " + Quoting.word($0) } ?? "")
        }
        let shown = mount.options.filter { !["bind", "rbind", "loop"].contains($0) }
        return "mount \(Quoting.word(mount.destination)): \(what)" + optionList(shown)
    }

    /// ` (ro, nosuid)`, or nothing for no words.
    static func optionList(_ words: [String]) -> String {
        words.isEmpty ? "" : " (" + words.map(Quoting.word).joined(separator: ", ") + ")"
    }

    /// The lines of a uid_map or gid_map, `; `-separated: `0 1000 1; 1 100000 65536`.
    static func mapLines(_ mappings: [ContainerSpec.IDMapping]) -> String {
        mappings.isEmpty ? "(none)" : mappings.map { "\($0.containerID) \($0.hostID) \($0.size)" }.joined(separator: "; ")
    }

    /// The lines of timens_offsets, `; `-separated: `monotonic 86400 0; boottime -5 0`.
    static func offsetLines(_ offsets: ContainerSpec.TimeOffsets) -> String {
        var lines: [String] = []
        if let m = offsets.monotonic { lines.append("monotonic \(m.secs) \(m.nanosecs)") }
        if let b = offsets.boottime { lines.append("boottime \(b.secs) \(b.nanosecs)") }
        return lines.isEmpty ? "(none)" : lines.joined(separator: "; ")
    }
}

extension PreflightCheck: CustomStringConvertible {
    /// `running as root`, `uts namespace supported`, `rootfs /srv/rootfs exists`,
    /// `source of mounts[0] /srv/data exists`, `/proc/1/ns/net exists (network namespace to join)`: the spec's words for kinds, not the kernel's.
    public var description: String {
        switch self {
        case .runningAsRoot: "running as root"
        case .namespaceSupported(let kind): "\(kind.rawValue) namespace supported"
        case .rootfsExists(let path): "rootfs \(Quoting.word(path)) exists"
        case .mountSourceExists(let index, let path): "source of mounts[\(index)] \(Quoting.word(path)) exists"
        case .namespacePathExists(let kind, let path): "\(Quoting.word(path)) exists (\(kind.rawValue) namespace to join)"
        case .securityModuleActive(let module): "\(module) active"
        }
    }

    /// The checks joined with `, `; the namespace-support checks grouped into one phrase
    /// (`uts, pid, mount namespaces supported`).
    static func summary(_ checks: [PreflightCheck]) -> String {
        var phrases: [String] = []
        var kinds: [NamespaceKind] = []
        func flushKinds() {
            if !kinds.isEmpty {
                phrases.append(kinds.map(\.rawValue).joined(separator: ", ") + (kinds.count == 1 ? " namespace" : " namespaces") + " supported")
            }
            kinds = []
        }
        for check in checks {
            if case .namespaceSupported(let kind) = check {
                kinds.append(kind)
            } else {
                flushKinds()
                phrases.append(check.description)
            }
        }
        flushKinds()
        return phrases.isEmpty ? "nothing to check" : phrases.joined(separator: ", ")
    }
}

extension NamespaceKind {
    /// The clone(2)/setns(2) flag that names this kind: `CLONE_NEWUTS`, `CLONE_NEWNS`, …
    public var cloneFlagName: String {
        switch self {
        case .pid: "CLONE_NEWPID"
        case .network: "CLONE_NEWNET"
        case .mount: "CLONE_NEWNS"
        case .ipc: "CLONE_NEWIPC"
        case .uts: "CLONE_NEWUTS"
        case .user: "CLONE_NEWUSER"
        case .cgroup: "CLONE_NEWCGROUP"
        case .time: "CLONE_NEWTIME"
        }
    }
}

extension String {
    /// With leading zeros up to `width` characters (`22` → `0022`).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
