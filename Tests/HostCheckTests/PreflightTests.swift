import Glibc
import Planner
import Spec
import Testing
import TestSupport
@testable import HostCheck
@testable import LinuxSystem
@testable import mydocker

@Suite struct PreflightTests {
    /// A folder laid out like /proc for the files preflight reads.
    func fakeProc(namespaces: [String], limits: [String: String]) throws -> TempDirectory {
        let dir = try TempDirectory()
        for sub in ["self", "self/ns", "sys", "sys/user"] { mkdir("\(dir.path)/\(sub)", 0o755) }
        for name in namespaces { close(creat("\(dir.path)/self/ns/\(name)", 0o644)) }
        for (name, value) in limits {
            let fd = creat("\(dir.path)/sys/user/max_\(name)_namespaces", 0o644)
            _ = Sys.writeAll(fd, Array(value.utf8))
            close(fd)
        }
        return dir
    }

    @Test func limitZeroSaysWhichFileToChange() throws {
        let proc = try fakeProc(namespaces: ["user"], limits: ["user": "0\n"])
        let support = Preflight.namespaceSupport(.user, procRoot: proc.path)
        #expect(support.kernelHasIt && support.limit == 0 && !support.usable)
        #expect(support.problem == "\(proc.path)/sys/user/max_user_namespaces is 0, which forbids creating user namespaces: raise it as root with `echo 15000 > \(proc.path)/sys/user/max_user_namespaces` (or `sysctl -w user.max_user_namespaces=15000`; add it to /etc/sysctl.d/ to keep it)")
        #expect(throws: PreflightFailure(.namespaceSupported(.user), SystemError(hint: support.problem))) {
            try Preflight.run([.namespaceSupported(.user)], procRoot: proc.path)
        }
    }

    @Test func missingKindSaysWhichKernel() throws {
        let proc = try fakeProc(namespaces: ["uts"], limits: [:])
        let support = Preflight.namespaceSupport(.time, procRoot: proc.path)
        #expect(!support.kernelHasIt)
        #expect(support.problem == "this kernel has no time namespaces (\(proc.path)/self/ns/time is missing): they need Linux 5.6 or later built with CONFIG_TIME_NS")
    }

    @Test func supportedKindHasNoProblem() throws {
        let proc = try fakeProc(namespaces: ["net"], limits: ["net": "15000"])
        let support = Preflight.namespaceSupport(.network, procRoot: proc.path)
        #expect(support.usable && support.limit == 15000 && support.problem == nil)
    }

    @Test func notRootSaysWhatToDo() {
        #expect(Preflight.rootProblem(euid: 0) == nil)
        #expect(Preflight.rootProblem(euid: 1000)?.contains("effective uid is 1000") == true)
    }

    @Test func missingRootfs() {
        #expect(throws: PreflightFailure(.rootfsExists("/nonexistent/rootfs"), SystemError(errno: ENOENT))) {
            try Preflight.run([.rootfsExists("/nonexistent/rootfs")])
        }
        #expect(Preflight.failure(of: .rootfsExists("/etc/hostname"))?.errno == ENOTDIR)
        #expect(Preflight.failure(of: .rootfsExists("/")) == nil)
    }

    @Test func missingMountSource() {
        #expect(Preflight.failure(of: .mountSourceExists(index: 2, path: "/nonexistent"))?.description
                == "preflight: source of mounts[2] /nonexistent exists: No such file or directory")
    }

    @Test func namespacePathMustBeANamespaceOfThatKind() {
        #expect(Preflight.failure(of: .namespacePathExists(.network, path: "/proc/self/ns/net")) == nil)
        #expect(Preflight.failure(of: .namespacePathExists(.network, path: "/proc/self/ns/uts"))?.hint
                == "it is a uts namespace, not a network namespace")
        #expect(Preflight.failure(of: .namespacePathExists(.uts, path: "/etc/hostname"))?.hint
                == "not a namespace file (use /proc/PID/ns/uts or a bind mount of one)")
        #expect(Preflight.failure(of: .namespacePathExists(.uts, path: "/nonexistent"))?.errno == ENOENT)
    }

    @Test func thisKernelSupportsEveryKind() {
        for kind in NamespaceKind.allCases {
            #expect(Preflight.namespaceSupport(kind).kernelHasIt, "\(kind)")
        }
    }
}
