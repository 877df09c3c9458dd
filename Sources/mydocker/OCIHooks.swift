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

    /// `start` (and `run --detach`): the prestart hooks once the process is past its wait (a failure stops it before
    /// it runs, and is start's error), then the go, then the poststart hooks.
    static func start(_ id: String, store: StateStore) throws(ContainerError) {
        do {
            try startGoingOn(id, store: store)
        } catch {
            // A prestart hook failed: the container is stopped and the lifecycle goes on at delete (the OCI
            // runtime spec), its poststop hooks too.
            if case .startFailed = error, let bytes = try? store.spec(of: id), let removed = try? store.delete(id, force: true),
               let bundle = removed.bundle {
                run("poststop", specBytes: bytes, state: removed, bundle: bundle, status: "stopped")
            }
            throw error
        }
        run("poststart", store: store, id: id, status: "running")
    }

    private static func startGoingOn(_ id: String, store: StateStore) throws(ContainerError) {
        try store.start(id) { state throws(ContainerError) in
            guard let bundle = state.bundle, let bytes = try? store.spec(of: id), let spec = spec(bytes, state: state, bundle: bundle),
                  !spec.hooks.prestart.isEmpty else { return }
            if let failure = LifecycleHooks.firstFailure("prestart", spec.hooks.prestart, id: id, pid: state.process?.pid ?? 0,
                                                         bundle: bundle, annotations: spec.annotations, status: "created") {
                throw .startFailed(id, reason: failure)
            }
        }
    }

    static func spec(_ bytes: [UInt8], state: ContainerState, bundle: String) -> ContainerSpec? {
        Linter.lintForRun(bytes: bytes, file: state.specPath, baseDirectory: bundle).spec
    }

    static func run(_ stage: String, specBytes: [UInt8], state: ContainerState, bundle: String, status: String) {
        guard let spec = spec(specBytes, state: state, bundle: bundle) else { return }
        let hooks = stage == "poststart" ? spec.hooks.poststart : spec.hooks.poststop
        guard !hooks.isEmpty else { return }
        LifecycleHooks.run(stage, hooks, id: state.name, pid: status == "stopped" ? 0 : state.process?.pid ?? 0,
                           bundle: bundle, annotations: spec.annotations, status: status)
    }
}
