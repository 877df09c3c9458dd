import CShim
import Glibc
import Planner
import Spec

/// `mydocker check SPEC`: whether this host can run a plan, without running anything.
///
/// It evaluates the plan's preflight checks (the ones apply makes before it changes anything) and what the
/// other steps need from the kernel: loop devices for loop mounts, the file system types of the mounts.
public enum SpecCheck {
    /// What the checks look at; tests replace it.
    public struct Host: Sendable {
        public var facts: KernelFacts
        public var isRoot: Bool
        public var registeredFilesystems: Set<String>
        /// nil: missing; true: a directory.
        public var fileKind: @Sendable (String) -> Bool?
        /// statfs magic of the file system holding a path.
        public var fsMagic: @Sendable (String) -> Int64?

        public init(facts: KernelFacts, isRoot: Bool, registeredFilesystems: Set<String>,
                    fileKind: @escaping @Sendable (String) -> Bool?, fsMagic: @escaping @Sendable (String) -> Int64?) {
            self.facts = facts
            self.isRoot = isRoot
            self.registeredFilesystems = registeredFilesystems
            self.fileKind = fileKind
            self.fsMagic = fsMagic
        }

        public static func live() -> Host {
            Host(
                facts: KernelFacts.read(), isRoot: geteuid() == 0,
                registeredFilesystems: KernelFacts.registeredFilesystems(),
                fileKind: { path in
                    var info = stat()
                    guard stat(path, &info) == 0 else { return nil }
                    return (info.st_mode & S_IFMT) == S_IFDIR
                },
                fsMagic: { KernelFacts.fsMagic($0) }
            )
        }
    }

    static let nsfsMagic: Int64 = 0x6e73_6673

    /// Every check, in plan order, without repeats.
    public static func lines(for plan: Plan, host: Host) -> [CheckLine] {
        var lines: [CheckLine] = []
        func add(_ line: CheckLine) {
            if !lines.contains(line) { lines.append(line) }
        }
        for step in plan.steps {
            switch step.action {
            case let .preflight(checks):
                for check in checks { add(line(check, host: host)) }
            case .attachLoop:
                add(loopLine(host.facts.loop))
            case let .prepareLoopMount(_, fsType, _):
                add(filesystemLine(fsType, host: host))
            case let .mount(_, mount):
                if let type = mount.type, !mount.isBind, type != "none" { add(filesystemLine(type, host: host)) }
            default:
                continue
            }
        }
        return lines
    }

    /// The host can run the plan: no check failed.
    public static func canRun(_ lines: [CheckLine]) -> Bool {
        !lines.contains { $0.verdict == .fail }
    }

    public static func line(_ check: PreflightCheck, host: Host) -> CheckLine {
        switch check {
        case .runningAsRoot:
            return host.isRoot
                ? CheckLine(.ok, "privilege", "running as root")
                : CheckLine(.fail, "privilege", "apply must run as root (it creates namespaces, writes ID maps and mounts): run it with sudo")
        case let .namespaceSupported(kind):
            guard let fact = host.facts.namespace(kind) else {
                return CheckLine(.fail, "namespace \(kind.procName)", "unknown to this check")
            }
            return KernelReport.line(fact)
        case let .rootfsExists(path):
            switch host.fileKind(path) {
            case .some(true): return CheckLine(.ok, "rootfs", "\(path) exists")
            case .some(false): return CheckLine(.fail, "rootfs", "\(path) is not a directory")
            case .none: return CheckLine(.fail, "rootfs", "\(path) does not exist")
            }
        case let .mountSourceExists(index, path):
            return host.fileKind(path) == nil
                ? CheckLine(.fail, "mount \(index + 1) source", "\(path) does not exist")
                : CheckLine(.ok, "mount \(index + 1) source", "\(path) exists")
        case let .namespacePathExists(kind, path):
            let subject = "join \(kind.procName) namespace"
            guard host.fileKind(path) != nil else { return CheckLine(.fail, subject, "\(path) does not exist") }
            guard host.fsMagic(path) == nsfsMagic else {
                return CheckLine(.fail, subject, "\(path) is not a namespace file (like /proc/PID/ns/\(kind.procName))")
            }
            return CheckLine(.ok, subject, "\(path) is a namespace file")
        }
    }

    static func loopLine(_ loop: LoopFact) -> CheckLine {
        if let problem = loop.problem { return CheckLine(.fail, "loop devices", problem) }
        return CheckLine(.ok, "loop devices", "/dev/loop-control present, loop driver loaded")
    }

    static func filesystemLine(_ type: String, host: Host) -> CheckLine {
        host.registeredFilesystems.contains(type)
            ? CheckLine(.ok, "file system \(type)", "registered in /proc/filesystems")
            : CheckLine(.warn, "file system \(type)", "not registered in /proc/filesystems: mounting it works only if the kernel can load its module")
    }
}
