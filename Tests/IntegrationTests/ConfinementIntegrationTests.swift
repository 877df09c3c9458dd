import Foundation
import Glibc
import Testing

/// The confinement keys on real containers (as root): runc's default config, as `runc spec` writes it, confines
/// the container as runc does; each key does what the OCI spec says; the host is unchanged afterwards.
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct ConfinementIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    /// `runc spec`'s config.json (runc 1.1.5), with the sandbox's rootfs, no terminal, and `script` for sh -c.
    func runcSpec(_ script: String, process extra: String = "", linux extraLinux: String = "", readonlyRoot: Bool = true,
                  rlimits: String = #"[{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]"#) throws -> String {
        let args = String(decoding: try JSONSerialization.data(withJSONObject: ["sh", "-c", script], options: [.withoutEscapingSlashes]), as: UTF8.self)
        return try sandbox.write("config.json", """
            {
              "ociVersion": "1.0.2-dev",
              "process": {
                "terminal": false, "args": \(args),
                "env": ["PATH=/bin", "TERM=xterm"], "cwd": "/",
                "capabilities": {
                  "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
                },
                "rlimits": \(rlimits),
                "noNewPrivileges": true\(extra.contains("\"user\"") ? "" : #", "user": {"uid": 0, "gid": 0}"#)\(extra)
              },
              "root": {"path": "rootfs", "readonly": \(readonlyRoot)},
              "hostname": "runc",
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
                {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]}
              ],
              "linux": {
                "resources": {"devices": [{"allow": false, "access": "rwm"}]},
                "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}],
                "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
                "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]\(extraLinux)
              }
            }
            """)
    }

    /// The value of `field` in the container's /proc/self/status lines.
    func status(_ output: String, _ field: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(field + ":") }.map { $0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    @Test func runcsDefaultConfigKeepsOnlyItsCapabilitiesAndSetsNoNewPrivs() throws {
        let before = try HostSnapshot.now()
        let spec = try runcSpec("cat /proc/self/status")
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29).
        #expect(status(run.stdout, "CapEff") == "0000000020000420")
        #expect(status(run.stdout, "CapPrm") == "0000000020000420")
        #expect(status(run.stdout, "CapBnd") == "0000000020000420")
        #expect(status(run.stdout, "CapInh") == "0000000000000000")
        #expect(status(run.stdout, "NoNewPrivs") == "1")
        let after = try HostSnapshot.now()
        #expect(after.hostname == before.hostname)
        #expect(after.mountinfo == before.mountinfo)
        #expect(after.links == before.links)
        #expect(after.cgroups == before.cgroups)
        sandbox.expectNoLeaks()
    }

    /// The escapes a container with every capability of root has: each is refused, as under runc.
    @Test func theEscapesOfAnUnconfinedRootAreRefused() throws {
        let before = try HostSnapshot.now()
        let hostSwappiness = try String(contentsOfFile: "/proc/sys/vm/swappiness", encoding: .utf8)
        let spec = try runcSpec("""
            exec 3>&2 2>/dev/null
            mknod /dev/sda b 8 0 2>/dev/null && echo ESCAPE-mknod
            mkdir -p /tmp/m 2>/dev/null; mount -t tmpfs none /dev/shm 2>/dev/null && echo ESCAPE-mount
            echo 1 > /proc/sys/vm/swappiness 2>/dev/null && echo ESCAPE-sysctl
            echo /x > /sys/fs/cgroup/memory/release_agent 2>/dev/null && echo ESCAPE-release-agent
            dmesg >/dev/null 2>&1 && echo ESCAPE-dmesg
            cat /proc/sysrq-trigger 2>/dev/null; echo h > /proc/sysrq-trigger 2>/dev/null && echo ESCAPE-sysrq
            hostname other 2>/dev/null && echo ESCAPE-hostname
            echo done
            exec 2>&3
            """, readonlyRoot: false)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        #expect(run.stdout == "done\n", "\(run)")
        #expect(try String(contentsOfFile: "/proc/sys/vm/swappiness", encoding: .utf8) == hostSwappiness)
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// The default devices of the OCI spec exist in a /dev tmpfs, and a write to /dev/null goes nowhere.
    @Test func aDevTmpfsGetsTheDefaultDevicesAndLinks() throws {
        let spec = try runcSpec("""
            echo gone > /dev/null && ls -l /dev | awk '{print $1, $5, $6, $NF}' | grep -v '^total'
            head -c 4 /dev/zero | wc -c; head -c 4 /dev/urandom | wc -c
            readlink /dev/fd; readlink /dev/stdin; readlink /dev/ptmx
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        let lines = Set(run.stdout.split(separator: "\n").map(String.init))
        for expected in ["crw-rw-rw- 1, 3 null", "crw-rw-rw- 1, 5 zero", "crw-rw-rw- 1, 7 full", "crw-rw-rw- 1, 8 random",
                         "crw-rw-rw- 1, 9 urandom", "crw-rw-rw- 5, 0 tty", "/proc/self/fd", "/proc/self/fd/0", "pts/ptmx", "4"] {
            #expect(lines.contains(expected), "\(expected) in \(run.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.rootfs + "/dev/null"), "the rootfs on disk gained a node")
    }

    @Test func maskedPathsAreEmptyAndReadonlyPathsRefuseWrites() throws {
        let spec = try runcSpec("""
            wc -c < /proc/timer_list; ls /sys/firmware | wc -l
            touch /proc/sys/kernel/x 2>/dev/null || echo ro-sys
            grep -c . /proc/self/mounts >/dev/null && echo mounts-readable
            """, linux: #", "sysctl": {}"#)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        #expect(run.stdout == "0\n0\nro-sys\nmounts-readable\n", "\(run)")
    }

    @Test func rlimitsUmaskAndOOMScoreAdjustmentReachTheProcess() throws {
        let spec = try runcSpec("ulimit -n; ulimit -Hn; umask; cat /proc/self/oom_score_adj",
                                process: #", "oomScoreAdj": 500, "user": {"uid": 0, "gid": 0, "umask": 63}"#)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        #expect(run.stdout == "1024\n1024\n0077\n500\n", "\(run)")
    }

    /// A non-root user keeps exactly the listed sets: ambient capabilities survive its execve.
    @Test func aNonRootUserKeepsItsAmbientCapabilities() throws {
        let spec = try sandbox.write("user.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/sh, -c, "grep Cap /proc/self/status; id -u"]
              user: {uid: 1000, gid: 1000}
              capabilities:
                bounding: [CAP_NET_BIND_SERVICE, CAP_KILL]
                effective: [CAP_NET_BIND_SERVICE]
                permitted: [CAP_NET_BIND_SERVICE]
                inheritable: [CAP_NET_BIND_SERVICE]
                ambient: [CAP_NET_BIND_SERVICE]
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux:
              namespaces: [pid, mount]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        #expect(status(run.stdout, "CapEff") == "0000000000000400")
        #expect(status(run.stdout, "CapAmb") == "0000000000000400")
        #expect(status(run.stdout, "CapBnd") == "0000000000000420")
        #expect(run.stdout.hasSuffix("1000\n"))
    }

    /// Namespaced sysctls are written in the container's namespaces only.
    @Test func sysctlsAreWrittenInTheContainersNamespaces() throws {
        let host = try String(contentsOfFile: "/proc/sys/kernel/msgmax", encoding: .utf8)
        let spec = try sandbox.write("sysctl.yaml", """
            process:
              args: [/bin/cat, /proc/sys/kernel/msgmax, /proc/sys/net/ipv4/ip_forward]
            linux:
              namespaces: [ipc, network]
              sysctl: {kernel.msgmax: "4242", net.ipv4.ip_forward: 1}
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0 && run.stderr == "", "\(run)")
        #expect(run.stdout == "4242\n1\n")
        #expect(try String(contentsOfFile: "/proc/sys/kernel/msgmax", encoding: .utf8) == host)
    }

    /// A step that fails names itself and the call, and leaves nothing behind.
    @Test(arguments: [
        // Raising a hard limit needs CAP_SYS_RESOURCE, which this project's machines leave out of root's bounding set.
        (#"{"type": "RLIMIT_NOFILE", "hard": 1099511627776, "soft": 1024}"#,
         "(setrlimit RLIMIT_NOFILE=1024:1099511627776): prlimit RLIMIT_NOFILE 1024:1099511627776: Operation not permitted"),
    ])
    func aFailingConfinementStepIsReportedAndCleanedUp(rlimit: String, message: String) throws {
        let before = try HostSnapshot.now()
        let spec = try runcSpec("echo never", rlimits: "[" + rlimit + "]")
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        try HostSnapshot.expectUnchanged(since: before)
        sandbox.expectNoLeaks()
    }

    /// A failure injected at each new step of the process and the root: the step, the call and the errno are named,
    /// the process never runs, and the host is as it was.
    @Test(arguments: [
        ("process:\n  args: [/bin/echo, ran]\n  oomScoreAdj: -1000",
         "(write /proc/self/oom_score_adj: -1000): write /proc/self/oom_score_adj: Permission denied"),
        ("process:\n  args: [/bin/echo, ran]\n  scheduler: {policy: SCHED_DEADLINE, runtime: 2000000, deadline: 1000000, period: 1000000}",
         "(sched_setattr(SCHED_DEADLINE)): sched_setattr(SCHED_DEADLINE): Invalid argument"),
        ("process:\n  args: [/bin/echo, ran]\n  capabilities: {bounding: [CAP_KILL], effective: [CAP_KILL, CAP_CHOWN], permitted: [CAP_KILL]}",
         "capset: Operation not permitted: a capability is in effective or inheritable but not in permitted or the bounding set"),
        ("root: {path: rootfs}\nprocess:\n  args: [/bin/echo, ran]\nlinux:\n  devices: [{path: /etc/passwd/x, type: c, major: 1, minor: 3}]",
         "(create device /etc/passwd/x (c 1:3)): mknodat: Not a directory"),
        ("root: {path: rootfs}\nprocess:\n  args: [/bin/echo, ran]\nlinux:\n  maskedPaths: [/etc/passwd]",
         "(mask /etc/passwd): mount(MS_BIND) /dev/null: No such file or directory: the container has no /dev/null to mask it with (mount a tmpfs at /dev)"),
    ])
    func aFailureAtEachNewStepIsNamedAndLeavesNothing(body: String, message: String) throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("failing.yaml", body + (body.contains("linux:") ? "\n  namespaces: [mount, pid]\n" : "\nlinux:\n  namespaces: [mount, pid]\n"))
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        try HostSnapshot.expectUnchanged(since: before)
        sandbox.expectNoLeaks()
    }

    @Test func anUnknownSysctlIsAnErrorThatNamesIt() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("bad-sysctl.yaml", """
            process:
              args: [/bin/true]
            linux:
              namespaces: [network]
              sysctl: {net.ipv4.conf.nothere0.forwarding: "1"}
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stderr.contains("(write /proc/sys: net.ipv4.conf.nothere0.forwarding=1): open /proc/sys/net/ipv4/conf/nothere0/forwarding: No such file or directory: this kernel has no sysctl net.ipv4.conf.nothere0.forwarding"), "\(run.stderr)")
        try HostSnapshot.expectUnchanged(since: before)
    }
}

/// process.apparmorProfile and selinuxLabel on a host without AppArmor or SELinux (this project's machines): the
/// run is refused at the preflight, before anything changes, as runc refuses it.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: apply's preflight runs as root only"))
struct SecurityModuleIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    @Test(arguments: [("apparmorProfile", "AppArmor", "/sys/module/apparmor/parameters/enabled"),
                      ("selinuxLabel", "SELinux", "/sys/fs/selinux/enforce")])
    func aLabelForAnInactiveModuleIsRefusedBeforeAnyChange(key: String, module: String, file: String) throws {
        let active = FileManager.default.fileExists(atPath: file)
        try #require(!active, "\(module) is active on this host: this test is about hosts without it")
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("lsm.yaml", """
            process:
              args: [/bin/echo, ran]
              \(key): "system_u:system_r:container_t:s0"
            linux:
              namespaces: [uts]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr == "mydocker apply: \(spec):3: step 1 (preflight: \(module) active): process.\(key) needs \(module), which is not active on this host (\(file)): leave the key out, as engines do on hosts without \(module)\n")
        try HostSnapshot.expectUnchanged(since: before)
    }
}

/// linux.seccomp on real containers: the filter is in place (Seccomp: 2) and answers the calls it names, with
/// no_new_privs (installed as the process is started, by init or by the child's own execve) and without it
/// (installed before the capabilities are dropped).
@Suite(.serialized, .enabled(if: getuid() == 0 && BusyboxRootfs.isAvailable, "needs root and busybox-static: runs real containers"))
struct SeccompIntegrationTests {
    let sandbox: MountSandbox

    init() throws {
        sandbox = try MountSandbox()
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func theFilterAnswersTheCallsItNames(noNewPrivileges: Bool, withInit: Bool) throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("seccomp.yaml", """
            root: {path: rootfs}
            process:
              args: [/bin/sh, -c, "grep Seccomp: /proc/self/status; uname -s; hostname -F /etc/passwd 2>&1; echo done"]
              noNewPrivileges: \(noNewPrivileges)
              capabilities:
                bounding: &caps [CAP_KILL, CAP_SYS_ADMIN]
                effective: *caps
                permitted: *caps
            annotations: {org.mydocker.init: "\(withInit)"}
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux:
              namespaces: [pid, mount, uts]
              seccomp:
                defaultAction: SCMP_ACT_ALLOW
                architectures: [SCMP_ARCH_X86_64, SCMP_ARCH_X86]
                syscalls:
                  - {names: [uname], action: SCMP_ACT_ERRNO, errnoRet: 38}
                  - {names: [sethostname], action: SCMP_ACT_ERRNO}
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("Seccomp:\t2\n"), "\(run)")
        #expect(!run.stdout.contains("Linux"), "uname answered: \(run)")
        #expect(run.stdout.contains("Operation not permitted"), "\(run)")
        #expect(run.stdout.hasSuffix("done\n"))
        try HostSnapshot.expectUnchanged(since: before)
    }

    /// A profile libseccomp refuses is the step's error, before anything of the container runs.
    @Test func aProfileLibseccompRefusesIsTheStepsError() throws {
        let before = try HostSnapshot.now()
        let spec = try sandbox.write("bad-seccomp.yaml", """
            process:
              args: [/bin/echo, ran]
            linux:
              namespaces: [uts]
              seccomp:
                defaultAction: SCMP_ACT_ALLOW
                syscalls: [{names: [uname], action: SCMP_ACT_ERRNO, errnoRet: 5000}]
            """)
        let run = sandbox.apply(spec)
        #expect(run.status == 125, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.contains("install the seccomp filter") && run.stderr.contains("linux.seccomp.syscalls[0]"), "\(run.stderr)")
        try HostSnapshot.expectUnchanged(since: before)
    }
}
