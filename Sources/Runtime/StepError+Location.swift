import Glibc
import Planner
import Spec

extension StepError {
    /// `FILE:LINE` of the spec element the failed step carries out (`specs/web.yaml:12` for its mounts[0]), from
    /// the positions the spec was read with; nil for the runtime's own steps and for a spec with no positions.
    public func location(in plan: Plan) -> String? {
        guard let number = step, plan.steps.indices.contains(number - 1) else { return nil }
        let spec = plan.spec
        let pointer = preflightCheck.map { $0.origin(in: spec) } ?? plan.steps[number - 1].origin(in: spec)
        guard let pointer, let line = spec.source.recordedLine(of: pointer) else { return nil }
        return "\(spec.source.file == "-" ? "<stdin>" : spec.source.file):\(line)"
    }

    /// This error as apply prints it, after its location when it has one:
    /// `specs/web.yaml:12: step 7 (mount /data (mounts[0]: bind /srv/data)): mount: No such file or directory`.
    public func described(in plan: Plan) -> String {
        location(in: plan).map { "\($0): \(description)" } ?? description
    }

    /// The status apply exits with for this failure of `plan`: 127 when the process's command is not found, 126 when
    /// it cannot be executed (a shell's, docker's and `mydocker exec`'s), else 125. The execve of the exec step is
    /// the failure of that step that names no call (the step says `execve`; its other failures name theirs).
    public func exitStatus(in plan: Plan) -> Int32 {
        guard let number = step, plan.steps.indices.contains(number - 1), case .child(.exec) = plan.steps[number - 1].action,
              syscall == nil, errno != 0 else { return ExitStatus.runtimeFailure }
        return errno == ENOENT || errno == ENOTDIR ? ExitStatus.commandNotFound : ExitStatus.cannotExecute
    }
}

extension SpecSource {
    /// The line of the value at `pointer`, or of its nearest ancestor below the root that has a position; nil when
    /// none has (a spec built in code).
    func recordedLine(of pointer: String) -> Int? {
        var p = Substring(pointer)
        while !p.isEmpty {
            if let found = positions[String(p)] { return found.line }
            guard let slash = p.lastIndex(of: "/") else { return nil }
            p = p[..<slash]
        }
        return nil
    }
}
