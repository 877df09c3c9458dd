import CShim
import Glibc
import LinuxSystem
import Mounts
import Planner
import Spec

/// The child's confinement steps: sysctls, devices, masked and read-only paths, limits, scheduling, capabilities
/// and no_new_privs (issue 11), in the order ``Planner`` gives them, which is runc's.
extension ChildRunner {
    /// Whether the plan sets the capability sets itself: then nothing may clear the ambient and inheritable sets
    /// it chose before execve.
    var setsCapabilities: Bool {
        program.steps.contains { if case .setCapabilities = $0.action { true } else { false } }
    }

    func performConfinement(_ action: ChildAction, step: Int) throws(StepError) {
        switch action {
        case .writeSysctls(let values):
            for name in values.keys.sorted() {
                let file = "/proc/sys/" + (name.contains("/") ? name : name.replacing(".", with: "/"))
                if let failure = Sys.writeFile(file, values[name] ?? "") {
                    throw StepError(step: step, what: "", syscall: "\(failure.call ?? "write") \(file)", errno: failure.errno,
                                    hint: failure.errno == ENOENT ? "this kernel has no sysctl \(name)" : nil)
                }
            }
        case .createDevices(let devices, let links):
            guard let rootfs = program.rootfs else { return }
            try mounting(step) { () throws(MountError) in try DeviceNodes.create(devices, links: links, rootfs: rootfs) }
            // With a terminal from the host's devpts (our stdio), /dev/console is it now; one from the container's
            // own devpts is bound there once it is allocated, after pivot_root (allocateContainerTerminal).
            if links && program.terminal && program.setup.consoleSocket < 0 {
                // By its path in our copy of the host's tree: the descriptor's own mount is the parent's namespace's.
                var status = stat()
                guard fstat(0, &status) == 0 else { throw StepError(step: step, what: "", syscall: "fstat of the terminal", errno: errno) }
                let major = (UInt64(status.st_rdev) >> 8) & 0xfff, minor = (UInt64(status.st_rdev) & 0xff) | ((UInt64(status.st_rdev) >> 12) & 0xfff00)
                let slave = "/dev/pts/\((major - 136) * 256 + minor)"  // devpts numbers: majors 136 to 143
                try mounting(step) { () throws(MountError) in try DeviceNodes.bindConsole(from: slave, rootfs: rootfs) }
            }
        case .setRootPropagation(let word):
            try mounting(step) { () throws(MountError) in try ProtectedPaths.setRootPropagation(word) }
        case .makePathsReadonly(let paths):
            try mounting(step) { () throws(MountError) in try ProtectedPaths.makeReadonly(paths) }
        case .maskPaths(let paths):
            try mounting(step) { () throws(MountError) in try ProtectedPaths.mask(paths) }
        case .setRlimits(let limits):
            for limit in limits {
                guard let resource = RlimitName.number(limit.type) else {
                    throw StepError(step: step, what: "", hint: "unknown rlimit \(limit.type)")
                }
                if md_set_rlimit(Int32(resource), limit.soft, limit.hard) != 0 {
                    let err = errno
                    throw StepError(step: step, what: "", syscall: "prlimit \(limit.type) \(limit.soft):\(limit.hard)", errno: err,
                                    hint: err == EPERM ? "raising a hard limit needs CAP_SYS_RESOURCE, which mydocker's bounding set lacks here" : nil)
                }
            }
        case .setOOMScoreAdj(let adj):
            if let failure = Sys.writeFile("/proc/self/oom_score_adj", String(adj)) {
                throw StepError(step: step, what: "", syscall: "\(failure.call ?? "write") /proc/self/oom_score_adj", errno: failure.errno,
                                hint: failure.errno == EACCES ? "lowering oom_score_adj below its current value needs CAP_SYS_RESOURCE" : nil)
            }
        case .setPersonality(let personality):
            // PER_LINUX is 0, PER_LINUX32 8 (linux/personality.h); the OCI spec defines no flags yet.
            let persona: UInt = personality.domain == "LINUX32" ? 0x0008 : 0
            if md_set_personality(persona) != 0 { throw StepError(step: step, what: "", syscall: "personality", errno: errno) }
        case .setIOPriority(let priority):
            let ioClass = ProcessNames.ioPriorityClasses.firstIndex(of: priority.ioClass).map { Int32($0) + 1 } ?? 0
            if md_set_io_priority(ioClass, priority.priority) != 0 { throw StepError(step: step, what: "", syscall: "ioprio_set", errno: errno) }
        case .setScheduler(let s):
            try setScheduler(s, step: step)
        case .limitBoundingSet(let names):
            let last = try lastCapability(step: step)
            var failedCap: Int32 = -1
            if md_limit_bounding_set(Self.mask(names), last, &failedCap) != 0 {
                let what = failedCap >= 0 ? "prctl(PR_CAPBSET_DROP, \(Capability.names[Int(failedCap)]))" : "prctl(PR_SET_KEEPCAPS)"
                throw StepError(step: step, what: "", syscall: what, errno: errno)
            }
        case .setCapabilities(let caps):
            let last = try lastCapability(step: step)
            var failedCap: Int32 = -1
            let failed = md_set_capabilities(Self.mask(caps.effective), Self.mask(caps.permitted), Self.mask(caps.inheritable),
                                             Self.mask(caps.ambient), last, &failedCap)
            if failed != 0 {
                let err = errno
                let call = ["prctl(PR_SET_KEEPCAPS, 0)", "capset", "prctl(PR_CAP_AMBIENT_CLEAR_ALL)",
                            "prctl(PR_CAP_AMBIENT_RAISE, \(failedCap >= 0 && Int(failedCap) < Capability.names.count ? Capability.names[Int(failedCap)] : "?"))"][Int(failed) - 1]
                throw StepError(step: step, what: "", syscall: call, errno: err,
                                hint: failed == 2 && err == EPERM ? "a capability is in effective or inheritable but not in permitted or the bounding set"
                                    : nil)
            }
        case .setUmask(let mask):
            umask(mode_t(mask))
        case .setNoNewPrivileges:
            if md_set_no_new_privs() != 0 { throw StepError(step: step, what: "", syscall: "prctl(PR_SET_NO_NEW_PRIVS)", errno: errno) }
        default:
            break
        }
    }

    /// The bits of `names` (unknown names, which lint refuses, have none).
    static func mask(_ names: [String]) -> UInt64 {
        names.reduce(0) { mask, name in Capability.number(name).map { mask | (1 << UInt64($0)) } ?? mask }
    }

    /// The running kernel's highest capability: names beyond it are left out, as runc does.
    func lastCapability(step: Int) throws(StepError) -> Int32 {
        let last = md_cap_last_cap()
        guard last >= 0 else { throw StepError(step: step, what: "", syscall: "prctl(PR_CAPBSET_READ)", errno: errno) }
        return last
    }

    func setScheduler(_ s: ContainerSpec.Scheduler, step: Int) throws(StepError) {
        guard let policy = ProcessNames.schedulerPolicies.firstIndex(of: s.policy) else {
            throw StepError(step: step, what: "", hint: "unknown scheduler policy \(s.policy)")
        }
        var flags: UInt64 = 0
        for name in s.flags {
            if let bit = ProcessNames.schedulerFlags.firstIndex(of: name) { flags |= 1 << UInt64(bit) }
        }
        if md_set_scheduler(UInt32(policy), flags, s.nice ?? 0, UInt32(s.priority ?? 0), s.runtime ?? 0, s.deadline ?? 0, s.period ?? 0) != 0 {
            throw StepError(step: step, what: "", syscall: "sched_setattr(\(s.policy))", errno: errno)
        }
    }
}

extension ChildRunner {
    /// The labels the process gets at its execve: AppArmor's `exec PROFILE` in /proc/self/attr/apparmor/exec (the
    /// older /proc/self/attr/exec when the kernel has no per-module folder), SELinux's label in /proc/self/attr/exec.
    func setExecLabels(apparmor: String?, selinux: String?, step: Int) throws(StepError) {
        var writes: [(files: [String], text: String)] = []
        if let apparmor { writes.append((["/proc/self/attr/apparmor/exec", "/proc/self/attr/exec"], "exec " + apparmor)) }
        if let selinux { writes.append((["/proc/self/attr/exec"], selinux)) }
        for write in writes {
            var failure: SystemError?
            for file in write.files {
                failure = Sys.writeFile(file, write.text)
                if failure == nil || failure?.errno != ENOENT { break }
            }
            if let failure {
                throw StepError(step: step, what: "", syscall: "\(failure.call ?? "write") /proc/self/attr", errno: failure.errno,
                                hint: failure.errno == ENOENT || failure.errno == EINVAL ? "the profile or label is not loaded on this host" : nil)
            }
        }
    }
}
