import Glibc
import LinuxSystem
import Planner
import Spec

/// The hooks the runtime runs in its own namespaces: prestart and createRuntime while the child waits at its
/// ``ChildAction/awaitRuntimeHooks(prestart:createRuntime:)`` step, poststart once the process runs, poststop once
/// the container is gone. The first two stop the run when one fails; the last two only warn, as the OCI spec says.
extension ParentSession {
    /// The state hooks read: the container's name (`apply-<pid>` without one), its first process, the spec's folder.
    var hookState: HookState {
        HookState(id: options.containerName ?? "apply-\(getpid())", pid: child, bundle: plan.spec.source.baseDirectory,
                  annotations: plan.spec.annotations)
    }

    /// Runs the prestart, then the createRuntime hooks, then lets the child go on; on a failure the child is told
    /// to stop (end of file on its program pipe) and the hook's failure is the step's error.
    func runRuntimeHooks() throws(StepError) {
        guard let step = plan.steps.first(where: { if case .child(.awaitRuntimeHooks) = $0.action { true } else { false } }),
              case .child(.awaitRuntimeHooks(let prestart, let createRuntime)) = step.action else { return }
        // Under `create`, prestart hooks are `start`'s (after it is called, before the process runs: the conformance
        // suite's prestart test), not create's.
        for (stage, hooks) in [("prestart", options.startSocket == nil ? prestart : []), ("createRuntime", createRuntime)] {
            // The conformance suite (hooks_stdin) wants prestart's state `created`, as runc and crun give it.
            let state = hookState.json(status: stage == "prestart" ? "created" : "creating")
            for hook in hooks {
                do {
                    try HookRunner.run(hook, state: state, stdout: options.stdout, stderr: options.stderr)
                } catch {
                    program = nil
                    throw StepError(step: step.number, what: describe(step), hint: "\(stage) hook \(hook.path) \(error.reason)")
                }
            }
        }
        if let fd = program?.rawValue { _ = Sys.writeAll(fd, [1]) }
        program = nil
    }

    /// poststart or poststop hooks: a failure is a warning on the caller's standard error, and the next one runs.
    func runWarningHooks(_ stage: String, _ hooks: [ContainerSpec.Hook], status: String) {
        guard !hooks.isEmpty else { return }
        let state = hookState.json(status: status)
        for hook in hooks {
            do {
                try HookRunner.run(hook, state: state, stdout: options.stdout, stderr: options.stderr)
            } catch {
                _ = Sys.writeAll(options.stderr, Array("mydocker: warning: \(stage) hook \(hook.path) \(error.reason)\n".utf8))
            }
        }
    }
}
