import CShim
import Glibc
import LinuxSystem
import Spec
import Testing
import TestSupport
@testable import Seccomp

/// Runs `body` in a forked child and returns how it ended (128 + N for signal N). The child makes only raw
/// calls and allocates nothing (the test process has other threads, whose locks fork does not copy): `body` keeps
/// to that too, and tells what it saw by its exit code.
func inForkedChild(_ body: () -> Int32) -> Int32 {
    let pid = md_fork()
    if pid == 0 { _exit(body()) }
    guard pid > 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return ProcessExit(waitStatus: status).shellStatus
}

/// The exit codes of the children below.
enum Seen {
    static let asExpected: Int32 = 0
    static let notBlocked: Int32 = 1
    static let noNewPrivsFailed: Int32 = 2
    static let installFailed: Int32 = 3
    static let notInFilterMode: Int32 = 4
    static let blockedTooMuch: Int32 = 5
}

/// uname(2) in the child: 0 or the errno it failed with.
func unameErrno() -> Int32 {
    var names = utsname()
    errno = 0
    return uname(&names) == 0 ? 0 : errno
}

/// Filters really installed in the kernel, in forked children. None of this needs root: no_new_privs lets any
/// process install a filter.
@Suite(.serialized) struct InstallTests {
    static let uname77 = ContainerSpec.Seccomp(
        defaultAction: "SCMP_ACT_ALLOW", syscalls: [Rule(names: ["uname"], action: "SCMP_ACT_ERRNO", errnoRet: 77)])

    @Test func anInstalledFilterReturnsItsErrnoAndLetsTheRestThrough() throws {
        let program = try SeccompProgram.compile(Self.uname77)
        let seen = inForkedChild {
            guard unameErrno() == 0 else { return Seen.blockedTooMuch }
            guard md_set_no_new_privs() == 0 else { return Seen.noNewPrivsFailed }
            do { try program.install() } catch { return Seen.installFailed }
            guard md_seccomp_mode() == 2 else { return Seen.notInFilterMode }
            guard unameErrno() == 77 else { return Seen.notBlocked }
            return getpid() > 0 ? Seen.asExpected : Seen.blockedTooMuch
        }
        #expect(seen == Seen.asExpected)
        // And the parent, which installed nothing, is not filtered.
        #expect(unameErrno() == 0)
        #expect(md_seccomp_mode() == 0)
    }

    @Test func flagsAreHandedToSeccomp() throws {
        var profile = Self.uname77
        profile.flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"]
        let program = try SeccompProgram.compile(profile)
        let seen = inForkedChild {
            guard md_set_no_new_privs() == 0 else { return Seen.noNewPrivsFailed }
            do { try program.install() } catch { return Seen.installFailed }
            return unameErrno() == 77 ? Seen.asExpected : Seen.notBlocked
        }
        #expect(seen == Seen.asExpected)
    }

    @Test func thePodmanProfileInstallsAndRefusesWhatItRefuses() throws {
        var now = timespec()
        #expect(clock_settime(CLOCK_MONOTONIC, &now) == -1 && errno == EINVAL, "without the filter")
        guard let podman = try PeerProfile.seccomp(config: PeerProfile.podmanConfig) else { return }
        let program = try SeccompProgram.compile(podman)
        let seen = inForkedChild {
            guard md_set_no_new_privs() == 0 else { return Seen.noNewPrivsFailed }
            do { try program.install() } catch { return Seen.installFailed }
            guard md_seccomp_mode() == 2 else { return Seen.notInFilterMode }
            guard getpid() > 0, unameErrno() == 0 else { return Seen.blockedTooMuch }
            // The kernel refuses to set CLOCK_MONOTONIC with EINVAL; podman's profile refuses clock_settime with EPERM.
            var now = timespec()
            errno = 0
            return clock_settime(CLOCK_MONOTONIC, &now) == -1 && errno == EPERM ? Seen.asExpected : Seen.notBlocked
        }
        #expect(seen == Seen.asExpected)
    }

    @Test func withoutNoNewPrivsOrCapSysAdminTheKernelRefuses() throws {
        // As root, the child first becomes nobody (raw setresuid), which leaves it without CAP_SYS_ADMIN.
        let program = try SeccompProgram.compile(Self.uname77)
        let root = isRoot
        let seen = inForkedChild {
            if root, md_set_identity(65534, 65534, nil, 0, 0) != 0 { return Seen.blockedTooMuch }
            do throws(SeccompError) {
                try program.install()
                return Seen.notBlocked
            } catch {
                return error.cause.errno == EACCES && error.cause.call == "seccomp(SECCOMP_SET_MODE_FILTER)" ? Seen.asExpected : Seen.installFailed
            }
        }
        #expect(seen == Seen.asExpected)
    }

    @Test func aProgramTheKernelRefusesIsReportedWithTheCallAndErrno() throws {
        // An opcode classic BPF does not have.
        let program = try SeccompProgram(bytes: SeccompProgram.Instruction(code: 0xffff).bytes, flags: 0)
        let seen = inForkedChild {
            guard md_set_no_new_privs() == 0 else { return Seen.noNewPrivsFailed }
            do throws(SeccompError) {
                try program.install()
                return Seen.notBlocked
            } catch {
                return error.cause.errno == EINVAL ? Seen.asExpected : Seen.installFailed
            }
        }
        #expect(seen == Seen.asExpected)
        let error = SeccompError(what: "install the seccomp filter", call: "seccomp(SECCOMP_SET_MODE_FILTER)", errno: EINVAL,
                                 hint: "the kernel refused the program or a flag (SPEC_ALLOW needs Linux 4.17, LOG 4.14)")
        #expect(error.description == "install the seccomp filter: seccomp(SECCOMP_SET_MODE_FILTER): Invalid argument: the kernel refused the program or a flag (SPEC_ALLOW needs Linux 4.17, LOG 4.14)")
    }
}
