import Glibc
import LinuxSystem
import Spec

/// Whether this kernel lets root create namespaces of one kind, from /proc/self/ns and /proc/sys/user.
struct NamespaceSupport: Sendable, Equatable {
    var kind: NamespaceKind
    /// /proc/self/ns/NAME exists: the kernel has this kind.
    var kernelHasIt: Bool
    /// /proc/sys/user/max_NAME_namespaces, nil when the file is missing or unreadable. 0 forbids new ones.
    var limit: Int?
    /// /proc/self/ns/NAME.
    var namespaceFile: String
    /// /proc/sys/user/max_NAME_namespaces.
    var limitFile: String

    init(kind: NamespaceKind, kernelHasIt: Bool, limit: Int?, namespaceFile: String, limitFile: String) {
        self.kind = kind
        self.kernelHasIt = kernelHasIt
        self.limit = limit
        self.namespaceFile = namespaceFile
        self.limitFile = limitFile
    }

    var usable: Bool { kernelHasIt && limit != 0 }

    /// What is wrong and how to fix it, or nil when namespaces of this kind can be created.
    var problem: String? {
        if !kernelHasIt {
            return "this kernel has no \(kind.rawValue) namespaces (\(namespaceFile) is missing): they need Linux \(kind.firstKernel) or later built with \(kind.kernelOption)"
        }
        if limit == 0 {
            return "\(limitFile) is 0, which forbids creating \(kind.rawValue) namespaces: raise it as root with `echo 15000 > \(limitFile)` (or `sysctl -w user.max_\(kind.procName)_namespaces=15000`; add it to /etc/sysctl.d/ to keep it)"
        }
        return nil
    }
}

extension Preflight {
    /// Reads the support of `kind` from `procRoot` (/proc; tests pass a folder laid out the same way).
    static func namespaceSupport(_ kind: NamespaceKind, procRoot: String = "/proc") -> NamespaceSupport {
        let nsFile = "\(procRoot)/self/ns/\(kind.procName)"
        let limitFile = "\(procRoot)/sys/user/max_\(kind.procName)_namespaces"
        var limit: Int?
        if let bytes = Sys.readFile(limitFile) {
            limit = Int(String(decoding: bytes, as: UTF8.self).trimmingTrailingWhitespace())
        }
        return NamespaceSupport(kind: kind, kernelHasIt: access(nsFile, F_OK) == 0, limit: limit,
                                namespaceFile: nsFile, limitFile: limitFile)
    }
}

extension NamespaceKind {
    /// The first Linux release with this kind.
    var firstKernel: String {
        switch self {
        case .mount: "2.4.19"
        case .uts, .ipc: "2.6.19"
        case .pid: "2.6.24"
        case .network: "2.6.29"
        case .user: "3.8"
        case .cgroup: "4.6"
        case .time: "5.6"
        }
    }

    /// The kernel configuration option that enables this kind.
    var kernelOption: String {
        switch self {
        case .mount: "CONFIG_NAMESPACES"
        case .uts: "CONFIG_UTS_NS"
        case .ipc: "CONFIG_IPC_NS"
        case .pid: "CONFIG_PID_NS"
        case .network: "CONFIG_NET_NS"
        case .user: "CONFIG_USER_NS"
        case .cgroup: "CONFIG_CGROUPS"
        case .time: "CONFIG_TIME_NS"
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\n" || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
