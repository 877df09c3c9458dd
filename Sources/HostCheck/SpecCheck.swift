import Glibc
import Planner
import Spec

/// `mydocker check SPEC`: whether this host can run a plan, without running anything.
///
/// It makes the plan's preflight checks exactly as apply makes them (``Preflight/failure(of:procRoot:)``), then
/// what the other steps need from the kernel: loop devices for loop mounts, the file system types of the mounts.
public enum SpecCheck {
    /// What the checks look at beyond the preflight's own reads; tests replace it.
    public struct Host: Sendable {
        public var loop: LoopFact
        public var registeredFilesystems: Set<String>
        /// Where /proc is (the preflight's namespace checks read it).
        public var procRoot: String

        public init(loop: LoopFact, registeredFilesystems: Set<String>, procRoot: String = "/proc") {
            self.loop = loop
            self.registeredFilesystems = registeredFilesystems
            self.procRoot = procRoot
        }

        public static func live() -> Host {
            let facts = KernelFacts.read()
            return Host(loop: facts.loop, registeredFilesystems: KernelFacts.registeredFilesystems())
        }
    }

    /// Every check, in plan order, without repeats.
    public static func lines(for plan: Plan, host: Host) -> [CheckLine] {
        var lines: [CheckLine] = []
        func add(_ line: CheckLine) {
            if !lines.contains(line) { lines.append(line) }
        }
        for step in plan.steps {
            switch step.action {
            case let .parent(.preflight(checks)):
                for check in checks { add(line(check, host: host)) }
            case .parent(.attachLoop):
                add(loopLine(host.loop))
            case let .parent(.prepareLoopMount(_, fsType, _)):
                add(filesystemLine(fsType, host: host))
            case let .child(.mount(_, mount)):
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

    /// One preflight check, as apply would make it: `ok    preflight: rootfs /srv/rootfs exists`, or the failure
    /// apply would print after `step N`.
    public static func line(_ check: PreflightCheck, host: Host) -> CheckLine {
        guard let failure = Preflight.failure(of: check, procRoot: host.procRoot) else {
            return CheckLine(.ok, "preflight", check.description)
        }
        return CheckLine(.fail, "preflight", failure.cause.described(as: failure.label))
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
