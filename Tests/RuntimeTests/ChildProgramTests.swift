import CShim
import Glibc
import Planner
import Spec
import Testing
import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
@testable import Mounts
@testable import Runtime

@Suite struct ChildProgramTests {
    /// One of every child action, with values that exercise each field (optionals both ways, empty lists, unicode).
    static let everyAction: [ChildAction] = [
        .unshareCgroupNamespace,
        .writeTimeOffsets(.init(monotonic: .init(secs: -5, nanosecs: 999_999_999), boottime: nil)),
        .writeTimeOffsets(.init(monotonic: nil, boottime: .init(secs: Int64.max))),
        .waitForParent,
        .setHostname("bóx"),
        .setDomainname(""),
        .makeMountsPrivate,
        .bindNetworkFiles(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"]),
        .mount(index: 0, ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")),
        .mount(index: 2, ContainerSpec.Mount(destination: "/data", type: nil, source: "data", resolvedSource: "/srv/data", options: ["rbind", "ro"])),
        .pivotRoot(path: "/srv/root"),
        .remountRootReadonly,
        .setIdentity(uid: 100, gid: 200, additionalGids: [1, 2, UInt32.max]),
        .changeDirectory("/home/a b"),
        .setEnvironment(["PATH=/bin", "EMPTY="]),
        .startInit,
        .exec(["/bin/sh", "-c", "echo \"$@\"", ""]),
        .writeSysctls(["net.ipv4.ip_forward": "1", "kernel.shmmax": ""]),
        .createDevices([.init(path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 0o600, uid: 1, gid: nil),
                        .init(path: "/dev/p", type: "p")], defaultLinks: true),
        .setRootPropagation("rslave"),
        .makePathsReadonly(["/proc/sys"]),
        .maskPaths(["/proc/kcore", "/sys/firmware"]),
        .setRlimits([.init(type: "RLIMIT_NOFILE", soft: 1024, hard: UInt64.max)]),
        .setOOMScoreAdj(-1000),
        .setPersonality(.init(domain: "LINUX32", flags: ["X"])),
        .setIOPriority(.init(ioClass: "IOPRIO_CLASS_IDLE", priority: 7)),
        .setScheduler(.init(policy: "SCHED_DEADLINE", nice: nil, priority: 0, flags: ["SCHED_FLAG_RECLAIM"], runtime: 1, deadline: 2, period: nil)),
        .limitBoundingSet(["CAP_KILL"]),
        .setCapabilities(.init(bounding: ["CAP_KILL"], effective: [], inheritable: ["CAP_CHOWN"], permitted: ["CAP_KILL"], ambient: [])),
        .setUmask(0o077),
        .setNoNewPrivileges,
        .awaitRuntimeHooks(prestart: [.init(path: "/bin/pre")], createRuntime: [.init(path: "/bin/hook", args: ["hook", "a"], env: ["A=1"], timeout: 3)]),
        .runHooks(stage: "startContainer", [.init(path: "/bin/start", timeout: nil)]),
        .setExecLabels(apparmor: "docker-default", selinux: nil),
        .installSeccomp(ChildActionTag.seccompPlaceholder),
    ]

    @Test func everyActionRoundTrips() throws {
        let steps = Self.everyAction.enumerated().map { ChildStep(number: $0.offset + 1, action: $0.element) }
        let program = ChildProgram(steps: steps, rootfs: "/srv/root", detachedMounts: [1: 5, 4: 6], terminal: true,
                                   setgroupsDenied: true, cgroupTasks: ["/sys/fs/cgroup/pids/mydocker-box/tasks", "/sys/fs/cgroup/memory/mydocker-box/tasks"], cgroupStep: 4,
                                   cgroupViews: [.init(name: "cpu,cpuacct", source: "/sys/fs/cgroup/cpu,cpuacct/mydocker-box")],
                                   hookState: .init(id: "box", pid: 4242, bundle: "/srv/box", annotations: ["a": "1", "b": ""]),
                                   setup: ChildSetup(becomeRoot: true, loopbackUp: true, namespaceStep: 2, consoleSocket: 8, terminalStep: 3,
                                                     terminalOwner: UInt32.max, passedDescriptors: [9, 10, 11], listenCount: 2, startSocket: 12, awaitStartBefore: 7,
                                                     networkFiles: "/run/mydocker/.networks/containers/box", sessionKeyring: "box", movesRoot: true),
                                   seccompFilter: [6, 0, 0, 0, 0, 0, 0xFF, 0x7F], seccompFlags: 1, followedByRest: true)
        #expect(try ChildProgram(decoding: program.encoded()) == program)
    }

    /// The steps a child may take on the program's first part, before it is in its cgroup: those that touch only
    /// its own namespaces; a `cgroup` mount, devices and everything from pivot_root on wait for the whole program.
    @Test func onlyNamespaceLocalStepsComeBeforeTheWholeProgram() {
        let local: [ChildAction] = [.waitForParent, .setHostname("box"), .setDomainname("d"), .writeSysctls(["kernel.shmmax": "1"]),
                                    .makeMountsPrivate, .mount(index: 0, ContainerSpec.Mount(destination: "/proc", type: "proc", source: "proc")),
                                    .writeTimeOffsets(.init(monotonic: .init(secs: 1), boottime: nil))]
        let later: [ChildAction] = [.unshareCgroupNamespace,
                                    .mount(index: 1, ContainerSpec.Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup")),
                                    .createDevices([], defaultLinks: true), .pivotRoot(path: "/r"), .setRlimits([]), .startInit, .exec(["/bin/true"]),
                                    .installSeccomp(ChildActionTag.seccompPlaceholder), .runHooks(stage: "createContainer", [])]
        #expect(local.allSatisfy(ChildProgram.isNamespaceLocal))
        #expect(!later.contains(where: ChildProgram.isNamespaceLocal))
    }

    /// The profile of a seccomp step stays with the parent: the child gets the compiled program beside the steps.
    @Test func aSeccompStepTravelsAsItsTagAlone() throws {
        let profile = ContainerSpec.Seccomp(defaultAction: "SCMP_ACT_ERRNO", syscalls: [.init(names: ["read", "write"], action: "SCMP_ACT_ALLOW")])
        let program = ChildProgram(steps: [ChildStep(number: 1, action: .installSeccomp(profile))])
        let decoded = try ChildProgram(decoding: program.encoded())
        #expect(decoded.steps == [ChildStep(number: 1, action: .installSeccomp(ChildActionTag.seccompPlaceholder))])
        // None of the profile's names is on the wire: the program is as long as one with an empty profile.
        let bare = ChildProgram(steps: [ChildStep(number: 1, action: .installSeccomp(ChildActionTag.seccompPlaceholder))])
        #expect(program.encoded().count == bare.encoded().count)
    }

    @Test func emptyProgramRoundTrips() throws {
        let program = ChildProgram(steps: [])
        #expect(try ChildProgram(decoding: program.encoded()) == program)
    }

    @Test func truncatedProgramIsRefused() {
        let bytes = ChildProgram(steps: [ChildStep(number: 1, action: .setHostname("box"))]).encoded()
        for length in [0, 3, bytes.count - 1] {
            #expect(throws: WireError.self) { try ChildProgram(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func trailingBytesAreRefused() {
        let bytes = ChildProgram(steps: []).encoded() + [0]
        #expect(throws: WireError(message: "trailing bytes at \(bytes.count - 1)")) { try ChildProgram(decoding: bytes) }
    }

    @Test func unknownActionTagIsRefused() {
        var w = WireWriter()
        w.u32(ChildProgram.magic)
        w.optionalString(nil)
        w.array([Int]()) { _, _ in }
        w.bool(false); w.bool(false)
        w.strings([]); w.int(0)
        w.u32(0); w.bool(false)
        w.u32(1); w.int(1); w.u8(99)
        #expect(throws: WireError(message: "unknown action tag 99 at byte \(w.bytes.count - 1)")) { try ChildProgram(decoding: w.bytes) }
    }

    @Test func failureRecordRoundTrips() {
        let error = StepError(step: 7, what: "sethostname \"box\"", syscall: "sethostname", errno: EPERM, hint: "needs a uts namespace")
        #expect(FailureRecord.decode(FailureRecord.encode(error)) == error)
        let bare = StepError(what: "", errno: ENOENT)
        #expect(FailureRecord.decode(FailureRecord.encode(bare)) == bare)
    }

    @Test func readToEndReadsPastItsFirstBuffer() {
        var fds: [Int32] = [-1, -1]
        #expect(md_pipe_cloexec(&fds) == 0)
        let sent = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(Sys.writeAll(fds[1], sent) == 0)
        close(fds[1])
        #expect(Sys.readAll(fds[0]) == sent)
        close(fds[0])
    }

    @Test func garbageIsNotAFailureRecord() {
        #expect(FailureRecord.decode([1, 2, 3]) == nil)
    }

    @Test func stepErrorReadsAsOneLine() {
        #expect(StepError(step: 7, what: "sethostname \"box\"", errno: EPERM).description == "step 7 (sethostname \"box\"): Operation not permitted")
        #expect(StepError(step: 12, what: "execve /bin/nosuch", errno: ENOENT).description == "step 12 (execve /bin/nosuch): No such file or directory")
    }
}
