import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc
import Planner
import Spec

/// `mydocker apply SPEC --name NAME [--detach]`: a container known by name to ps, logs, exec, kill and rm.
extension ApplyCommand {
    static func runNamed(specPath: String, name: String?, detach: Bool, store: StateStore,
                         passed: PassedDescriptors = PassedDescriptors(), restart: RestartPolicy = .no,
                         command: [String] = []) -> Int32 {
        if let name, let problem = ContainerName.problem(with: name) {
            StateConsole.error("mydocker apply: invalid container name \"\(name)\": \(problem)\n")
            return ExitStatus.usage
        }
        guard let loaded = load(specPath, command: command), !loaded.hasErrors, let spec = loaded.spec else { return ExitStatus.specRefused }
        if detach {
            do {
                let started = try Detached.start(specPath: recordedPath(specPath), name: name, store: store, loaded: loaded,
                                                 passed: passed, restart: restart)
                StateConsole.out(started.name + "\n")
                return 0
            } catch {
                StateConsole.error("mydocker apply: \(error)\n")
                if case let .startFailed(_, _, status) = error { return status }
                return ExitStatus.runtimeFailure
            }
        }
        var options = RunOptions(onOOMKilled: reportOOMKill)
        options.passed = passed
        options.seccompCache = store.seccompCache
        options.networkRoot = store.root
        let plan = Planner.plan(spec)
        do {
            return try RecordedRun.run(
                plan, loaded: loaded, specPath: recordedPath(specPath), name: name, store: store, options: options
            ).shellStatus
        } catch {
            switch error {
            case let .step(failure):
                return failed(failure, plan: plan)
            case let .container(failure):
                StateConsole.error("mydocker apply: \(failure)\n")
                return ExitStatus.runtimeFailure
            }
        }
    }
}
