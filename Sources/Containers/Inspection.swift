import Cgroups
import ContainerStore
import Glibc
import LinuxSystem
import Spec

/// What `inspect` shows of a container: its state as recorded and as observed now, the spec it was applied from
/// (decoded from the recorded copy, with the command it runs) and that copy's digest, and while it runs, its
/// processes and the namespaces its process is in.
public struct Inspection: Sendable {
    /// One namespace of the spec: its kind (the spec's word), the path it joins (nil: made new), and while the
    /// container runs, the kernel's id for the one its process is in (`uts:[4026532198]`).
    public struct Namespace: Sendable, Equatable {
        public var kind: String
        public var path: String?
        public var id: String?
    }

    public var state: ContainerState
    public var status: ObservedStatus
    /// nil when the recorded copy no longer decodes (it was applied by another mydocker).
    public var spec: ContainerSpec?
    /// `sha256:…` of the recorded copy.
    public var specDigest: String
    /// The processes of its cgroup (host pids, ascending) while it runs; empty once it has ended.
    public var pids: [Int32]
    public var namespaces: [Namespace]

    /// The command and arguments it runs: as recorded (``ContainerState/args``), else the spec's.
    public var arguments: [String] { state.args.isEmpty ? spec?.process.args ?? [] : state.args }
}

extension StateStore {
    /// Everything ``Inspection`` holds about `name`.
    public func inspect(_ name: String) throws(ContainerError) -> Inspection {
        let state = try loadSettled(name)
        let status = ObservedStatus(state)
        let bytes = try spec(of: name)
        let spec = SpecLoader.load(bytes: bytes, file: state.specPath, baseDirectory: state.specBaseDirectory).spec
        let pids = try processes(of: state)
        let live = status == .running || status == .paused ? state.process.map(\.pid) : nil
        let namespaces = (spec?.linux.namespaces ?? []).map { namespace in
            Inspection.Namespace(kind: namespace.kind.rawValue, path: namespace.path,
                                 id: live.flatMap { Sys.readLink("/proc/\($0)/ns/\(namespace.kind.procName)") })
        }
        return Inspection(state: state, status: status, spec: spec, specDigest: try specDigest(of: name), pids: pids,
                          namespaces: namespaces)
    }

    /// The processes of a running (or paused) container, host pids in ascending order: those of its cgroup, or its
    /// process alone when it has no cgroup recorded; none once it has ended.
    public func processes(of state: ContainerState) throws(ContainerError) -> [Int32] {
        let status = ObservedStatus(state)
        guard status == .running || status == .paused || (status == .created && state.isOCI), let process = state.process else { return [] }
        guard let cgroup = try Self.cgroup(of: state) else { return process.isAlive() ? [process.pid] : [] }
        return cgroup.processes().sorted()
    }
}
