import Planner
import Spec
import Testing

@Suite("Planner: step descriptions")
struct DescriptionTests {
    @Test(arguments: [
        (Action.child(.setHostname("box")), #"sethostname "box""#),
        (.child(.setDomainname("example.org")), #"setdomainname "example.org""#),
        (.parent(.createNamespaces([.uts, .pid, .mount])), "clone(CLONE_NEWUTS|CLONE_NEWPID|CLONE_NEWNS)"),
        (.parent(.createNamespaces([.user, .cgroup, .ipc, .uts, .network, .pid, .time, .mount])),
         "clone(CLONE_NEWUSER|CLONE_NEWCGROUP|CLONE_NEWIPC|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWTIME|CLONE_NEWNS)"),
        (.parent(.createNamespaces([])), "clone(no new namespaces)"),
        (.parent(.joinNamespace(.network, path: "/run/netns/a")), "setns(/run/netns/a, CLONE_NEWNET)"),
        (.parent(.setgroups(allow: true)), "write /proc/CHILD/setgroups: allow"),
        (.parent(.setgroups(allow: false)), "write /proc/CHILD/setgroups: deny"),
        (.parent(.writeUIDMap([.init(containerID: 100, hostID: 200, size: 1)])), "write /proc/CHILD/uid_map: 100 200 1"),
        (.parent(.writeGIDMap([.init(containerID: 0, hostID: 1000, size: 1), .init(containerID: 1, hostID: 100000, size: 65536)])),
         "write /proc/CHILD/gid_map: 0 1000 1; 1 100000 65536"),
        (.child(.writeTimeOffsets(.init(monotonic: .init(secs: 86400), boottime: .init(secs: -5, nanosecs: 7)))),
         "unshare(CLONE_NEWTIME), write /proc/self/timens_offsets: monotonic 86400 0; boottime -5 7"),
        (.child(.waitForParent), "wait for the parent"),
        (.child(.makeMountsPrivate), "mount --make-rprivate /"),
        (.child(.mount(index: 0, Specs.bindData)), "mount /data: bind /srv/data (ro, nosuid)"),
        (.child(.mount(index: 0, Specs.proc)), "mount /proc: proc proc"),
        (.child(.mount(index: 0, .init(destination: "/h", source: "/home", options: ["rbind", "rprivate"]))), "mount /h: rbind /home (rprivate)"),
        (.child(.mount(index: 0, .init(destination: "/tmp", type: "tmpfs", options: ["size=64m", "mode=1777"]))), "mount /tmp: tmpfs (size=64m, mode=1777)"),
        (.child(.mount(index: 1, Specs.loopImage)), "mount /mnt/img: ext4 /srv/img.ext4 via a loop device (ro, noatime)"),
        (.child(.mount(index: 0, .init(destination: "/my dir", type: "bind", source: "/a b", options: ["bind"]))), #"mount "/my dir": bind "/a b""#),
        (.parent(.attachLoop(mount: 1, image: "/srv/img.ext4", readOnly: true)), "attach /srv/img.ext4 to a free loop device (read-only)"),
        (.parent(.attachLoop(mount: 1, image: "/srv/img.ext4", readOnly: false)), "attach /srv/img.ext4 to a free loop device"),
        (.parent(.prepareLoopMount(mount: 1, fsType: "ext4", options: ["ro", "noatime"])), "fsmount ext4 from the loop device of mounts[1] (ro, noatime)"),
        (.child(.pivotRoot(path: "/srv/rootfs")), "pivot_root /srv/rootfs"),
        (.child(.remountRootReadonly), "remount / read-only"),
        (.child(.setIdentity(uid: 100, gid: 100, additionalGids: [10, 20])), "setgroups(10, 20), setgid(100), setuid(100)"),
        (.child(.setIdentity(uid: 0, gid: 0, additionalGids: [])), "setgroups(), setgid(0), setuid(0)"),
        (.child(.changeDirectory("/")), "chdir /"),
        (.child(.writeSysctls(["net.ipv4.ip_forward": "1", "kernel.msgmax": "8192"])), "write /proc/sys: kernel.msgmax=8192, net.ipv4.ip_forward=1"),
        (.child(.createDevices([.init(path: "/dev/fuse", type: "c", major: 10, minor: 229)], defaultLinks: true)),
         "create devices: /dev/fuse (c 10:229), the /dev/fd, stdin, stdout, stderr and ptmx links"),
        (.child(.setRootPropagation("rslave")), "mount --make-rslave /"),
        (.child(.makePathsReadonly(["/proc/sys", "/proc/bus"])), "remount read-only: /proc/sys /proc/bus"),
        (.child(.maskPaths(["/proc/kcore"])), "mask: /proc/kcore"),
        (.child(.setRlimits([.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 4096)])), "setrlimit RLIMIT_NOFILE=1024:4096"),
        (.child(.setOOMScoreAdj(-500)), "write /proc/self/oom_score_adj: -500"),
        (.child(.setPersonality(.init(domain: "LINUX32"))), "personality(LINUX32)"),
        (.child(.setIOPriority(.init(ioClass: "IOPRIO_CLASS_BE", priority: 4))), "ioprio_set(IOPRIO_CLASS_BE, 4)"),
        (.child(.setScheduler(.init(policy: "SCHED_BATCH", nice: 5))), "sched_setattr(SCHED_BATCH, nice 5)"),
        (.child(.limitBoundingSet(["CAP_KILL", "CAP_CHOWN"])), "bounding set: CAP_KILL CAP_CHOWN; keep capabilities across setuid"),
        (.child(.setCapabilities(.init(effective: ["CAP_KILL"], permitted: ["CAP_KILL"]))),
         "capset: effective CAP_KILL; permitted CAP_KILL; inheritable (empty); ambient (empty)"),
        (.child(.setUmask(0o022)), "umask 0022"),
        (.child(.setUmask(0o7)), "umask 0007"),
        (.child(.setNoNewPrivileges), "prctl(PR_SET_NO_NEW_PRIVS)"),
        (.child(.setExecLabels(apparmor: "docker-default", selinux: "system_u:system_r:container_t:s0")),
         "on execve: AppArmor profile docker-default, SELinux label system_u:system_r:container_t:s0"),
        (.child(.awaitRuntimeHooks(prestart: [.init(path: "/bin/pre")], createRuntime: [.init(path: "/usr/bin/net hook")])),
         #"wait while the runtime runs its hooks: prestart /bin/pre, createRuntime "/usr/bin/net hook""#),
        (.child(.runHooks(stage: "startContainer", [.init(path: "/bin/a", args: ["a", "-x"]), .init(path: "/bin/b")])), "run startContainer hooks: a -x, /bin/b"),
        (.child(.setEnvironment(["PATH=/bin", "GREETING=hello world"])), #"set environment: PATH=/bin "GREETING=hello world""#),
        (.child(.setEnvironment([])), "set environment: (empty)"),
        (.parent(.allocateTerminal), "allocate a pseudo-terminal"),
        (.child(.startInit), "start init as PID 1 (forwards signals, reaps orphans)"),
        (.child(.exec(["/bin/sh", "-c", "echo hi"])), #"execve /bin/sh -c "echo hi""#),
        (.child(.exec(["/bin/echo", ""])), #"execve /bin/echo """#),
    ])
    func describes(action: Action, text: String) {
        #expect(action.description == text)
    }

    @Test func preflightGroupsTheNamespaceChecks() {
        let action = Action.parent(.preflight([
            .runningAsRoot, .namespaceSupported(.uts), .namespaceSupported(.pid), .namespaceSupported(.mount),
            .rootfsExists("/srv/rootfs"), .mountSourceExists(index: 0, path: "/srv/data"),
            .namespacePathExists(.network, path: "/run/netns/a"),
        ]))
        #expect(action.description == "preflight: running as root, uts, pid, mount namespaces supported, rootfs /srv/rootfs exists, "
            + "source of mounts[0] /srv/data exists, /run/netns/a exists (network namespace to join)")
        #expect(Action.parent(.preflight([.runningAsRoot, .namespaceSupported(.user)])).description == "preflight: running as root, user namespace supported")
        #expect(Action.parent(.preflight([])).description == "preflight: nothing to check")
    }

    @Test(arguments: [
        (PreflightCheck.runningAsRoot, "running as root"),
        (.namespaceSupported(.network), "network namespace supported"),
        (.rootfsExists("/srv/rootfs"), "rootfs /srv/rootfs exists"),
        (.mountSourceExists(index: 2, path: "/srv/data"), "source of mounts[2] /srv/data exists"),
        (.namespacePathExists(.user, path: "/proc/9/ns/user"), "/proc/9/ns/user exists (user namespace to join)"),
        (.securityModuleActive("AppArmor"), "AppArmor active"),
    ])
    func describesEachCheck(check: PreflightCheck, text: String) {
        #expect(check.description == text)
    }

    @Test func stepDescriptionIsHowErrorsNameIt() {
        let step = Step(number: 7, action: .child(.setHostname("box")))
        #expect(step.description == #"step 7 (sethostname "box")"#)
    }

    @Test(arguments: [
        ("a\"b", #"sethostname "a\"b""#),
        ("a\\b", #"sethostname "a\\b""#),
        ("line\nbreak", #"sethostname "line\nbreak""#),
        ("tab\there\r", #"sethostname "tab\there\r""#),
        ("bell\u{07}esc\u{1B}", #"sethostname "bell\x07esc\x1B""#),
        ("del\u{7F}c1\u{85}ls\u{2028}", #"sethostname "del\x7Fc1\u{0085}ls\u{2028}""#),
        ("héllo", #"sethostname "héllo""#),
    ])
    func descriptionsStayOnOneLine(name: String, text: String) {
        let description = Action.child(.setHostname(name)).description
        #expect(description == text)
        #expect(!description.contains("\n"))
    }

    @Test func argumentsThatNeedQuotingAreQuoted() {
        let action = Action.child(.exec(["/bin/sh", "-c", "echo \"$HOME\"; ls\n", "a'b", "ünï"]))
        #expect(action.description == #"execve /bin/sh -c "echo \"$HOME\"; ls\n" "a'b" "ünï""#)
    }

    @Test(arguments: NamespaceKind.allCases)
    func everyKindHasACloneFlag(kind: NamespaceKind) {
        #expect(kind.cloneFlagName.hasPrefix("CLONE_NEW"))
    }

    @Test func everyStepOfARichPlanHasANameAndADescription() {
        var spec = Specs.make(
            [.user, .mount, .pid, .uts, .time, .cgroup], joined: [(.network, "/run/netns/a")], hostname: "box", domainname: "d",
            mounts: [Specs.loopImage, Specs.proc, Specs.bindData, .init(destination: "/dev", type: "tmpfs")],
            root: .init(path: "r", resolvedPath: "/srv/r", readonly: true),
            terminal: true, uidMappings: [.init(containerID: 0, hostID: 1000, size: 1)],
            gidMappings: [.init(containerID: 0, hostID: 1000, size: 1)], timeOffsets: .init(boottime: .init(secs: 3)))
        spec.linux.sysctl = ["kernel.msgmax": "8192"]
        spec.linux.rootfsPropagation = "rslave"
        spec.linux.readonlyPaths = ["/proc/sys"]
        spec.linux.maskedPaths = ["/proc/kcore"]
        spec.linux.personality = .init(domain: "LINUX")
        spec.process.rlimits = [.init(type: "RLIMIT_NOFILE", soft: 1024, hard: 1024)]
        spec.process.oomScoreAdj = 100
        spec.process.ioPriority = .init(ioClass: "IOPRIO_CLASS_BE")
        spec.process.scheduler = .init(policy: "SCHED_OTHER")
        spec.process.capabilities = .init(bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"])
        spec.process.noNewPrivileges = true
        spec.hooks = .init(createRuntime: [.init(path: "/bin/hook")], createContainer: [.init(path: "/bin/hook")])
        spec.process.apparmorProfile = "docker-default"
        let plan = Planner.plan(spec)
        #expect(Set(plan.names).count == 42, "every Action case appears: \(plan.names)")
        for step in plan.steps {
            #expect(!step.action.description.isEmpty)
            #expect(!step.action.description.contains("\n"))
        }
    }
}
