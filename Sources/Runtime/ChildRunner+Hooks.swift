import Glibc
import LinuxSystem
import Planner
import Spec

extension ChildRunner {
    /// The byte the child writes on its report pipe when it stops for the runtime's hooks; a failure record is
    /// never one byte long.
    static let hookPointMarker: UInt8 = 0xA5

    /// Tells the parent the container is ready for its prestart and createRuntime hooks, and waits for its go: one
    /// byte on the program pipe. End of file instead means a hook failed: the parent reports it, and this exits.
    func awaitRuntimeHooks() {
        _ = Sys.writeAll(Executor.reportFD, [Self.hookPointMarker])
        var go: UInt8 = 0
        let n = retryingOnInterrupt { read(Executor.programFD, &go, 1) }.result
        close(Executor.programFD)
        if n != 1 { _exit(ExitStatus.runtimeFailure) }
    }

    /// The container's own hooks (createContainer, startContainer), in order, each with the state on its input.
    func runHooks(_ stage: String, _ hooks: [ContainerSpec.Hook], step: Int) throws(StepError) {
        let state = (program.hookState ?? HookState(id: "", pid: 0, bundle: "", annotations: [:]))
            .json(status: stage == "startContainer" ? "created" : "creating")
        for hook in hooks {
            do {
                try HookRunner.run(hook, state: state)
            } catch {
                throw StepError(step: step, what: "", hint: "\(stage) hook \(hook.path) \(error.reason)")
            }
        }
    }
}
