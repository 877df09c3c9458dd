import ContainerStore
import Containers
import Runtime
import Spec

/// The hooks the OCI commands run themselves, from the container's spec as created: poststart (`start`) and
/// poststop (`delete`). A hook that fails is a warning, as the OCI runtime spec says.
enum OCIHooks {
    static func run(_ stage: String, store: StateStore, id: String, status: String, state known: ContainerState? = nil) {
        guard let state = known ?? (try? store.load(id)), let bundle = state.bundle,
              let bytes = try? store.spec(of: id) else { return }
        run(stage, specBytes: bytes, state: state, bundle: bundle, status: status)
    }

    static func run(_ stage: String, specBytes: [UInt8], state: ContainerState, bundle: String, status: String) {
        guard let spec = Linter.lintForRun(bytes: specBytes, file: state.specPath, baseDirectory: bundle).spec else { return }
        let hooks = stage == "poststart" ? spec.hooks.poststart : spec.hooks.poststop
        guard !hooks.isEmpty else { return }
        LifecycleHooks.run(stage, hooks, id: state.name, pid: status == "stopped" ? 0 : state.process?.pid ?? 0,
                           bundle: bundle, annotations: spec.annotations, status: status)
    }
}
