import CShim
import Glibc
import LinuxSystem
import Planner
import Spec

/// The checks apply makes before it changes anything, each answering with what a person can do about a failure.
/// Public so that `mydocker check` asks the same questions.
public enum Preflight {
    /// Runs `checks` in order; the first failure is thrown.
    public static func run(_ checks: [PreflightCheck], procRoot: String = "/proc") throws(PreflightFailure) {
        for check in checks {
            if let failure = failure(of: check, procRoot: procRoot) { throw failure }
        }
    }

    /// Why `check` fails on this host, or nil when it passes.
    public static func failure(of check: PreflightCheck, procRoot: String = "/proc") -> PreflightFailure? {
        let cause: SystemError?
        switch check {
        case .runningAsRoot:
            cause = rootProblem(euid: md_geteuid()).map { SystemError(hint: $0) }
        case .namespaceSupported(let kind):
            cause = namespaceSupport(kind, procRoot: procRoot).problem.map { SystemError(hint: $0) }
        case .rootfsExists(let path):
            cause = directoryProblem(path).map { SystemError(errno: $0) }
        case .mountSourceExists(_, let path):
            var st = stat()
            cause = stat(path, &st) == 0 ? nil : SystemError(errno: errno)
        case .namespacePathExists(let kind, let path):
            cause = namespaceFileProblem(kind, path: path).map { SystemError(errno: $0.errno, hint: $0.hint) }
        case .securityModuleActive(let module):
            cause = securityModuleProblem(module).map { SystemError(hint: $0) }
        }
        return cause.map { PreflightFailure(check, $0) }
    }

    /// nil for root, else what to do.
    public static func rootProblem(euid: UInt32) -> String? {
        euid == 0 ? nil : "mydocker needs root to create namespaces, write ID maps and mount (effective uid is \(euid)): run it as root, for example with sudo"
    }

    /// Where each security module says it is active, and the spec key that needs it.
    static let securityModules: [String: (file: String, key: String)] = [
        "AppArmor": ("/sys/module/apparmor/parameters/enabled", "process.apparmorProfile"),
        "SELinux": ("/sys/fs/selinux/enforce", "process.selinuxLabel"),
    ]

    /// nil when `module` is active on this host, else what to do.
    public static func securityModuleProblem(_ module: String) -> String? {
        guard let (file, key) = securityModules[module] else { return "unknown security module \(module)" }
        if let text = Sys.readFile(file, limit: 8) {
            if module != "AppArmor" || text.first == UInt8(ascii: "Y") { return nil }
        }
        return "\(key) needs \(module), which is not active on this host (\(file)): leave the key out, as engines do on hosts without \(module)"
    }

    /// errno when `path` is not an existing directory.
    static func directoryProblem(_ path: String) -> Int32? {
        var st = stat()
        if stat(path, &st) != 0 { return errno }
        return (st.st_mode & S_IFMT) == S_IFDIR ? nil : ENOTDIR
    }

    /// Whether `path` opens as a namespace file of `kind`.
    public static func namespaceFileProblem(_ kind: NamespaceKind, path: String) -> (errno: Int32, hint: String?)? {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_RDONLY)
        } catch {
            return (error.errno, nil)
        }
        let type = md_ns_get_type(file.rawValue)
        if type < 0 {
            let err = errno
            return (0, err == ENOTTY
                ? "not a namespace file (use /proc/PID/ns/\(kind.procName) or a bind mount of one)"
                : "ioctl(NS_GET_NSTYPE): " + Errno(rawValue: err).description)
        }
        if type != kind.cloneFlag, let actual = NamespaceKind.allCases.first(where: { $0.cloneFlag == type }) {
            return (0, "it is a \(actual.rawValue) namespace, not a \(kind.rawValue) namespace")
        }
        return nil
    }
}

extension NamespaceKind {
    /// The CLONE_NEW* flag of this kind (``NamespaceFlags``).
    public var cloneFlag: Int32 { NamespaceFlags.cloneFlag(procName: procName) }
}
