import ContainerStore
import Glibc
import LinuxSystem
import Planner
import Runtime
import Spec

/// `mydocker apply SPEC --name NAME` in the foreground: the container runs as apply always runs it, and its
/// state is recorded (apply itself is its monitor), so that `ps`, `exec`, `kill` and `rm` know it by name.
public enum RecordedRun {
    /// Claims the name, runs the plan, records the start and the end. Returns how the process ended.
    /// A failure before the process runs frees the name again and is thrown.
    public static func run(
        _ plan: Plan, loaded: LoadResult, specPath: String, name: String?, store: StateStore, options: RunOptions = RunOptions()
    ) throws(RecordedRunError) -> ProcessExit {
        let record: ContainerRecord
        do {
            record = try store.claim(StateStore.Claim(
                name: name, specPath: specPath, specBytes: loaded.source, spec: plan.spec, detached: false,
                monitor: ProcessIdentity.current(pid: getpid())
            ))
        } catch {
            throw .container(error)
        }
        var runOptions = options
        let caller = options.onStarted
        runOptions.onStarted = { pid in
            _ = try? record.markRunning(pid: pid)
            caller?(pid)
        }
        runOptions.containerName = record.name
        runOptions.onCgroup = { path, directories in try? record.recordCgroup(path, directories: directories) }
        runOptions.onSeccompProgram = { bytes, flags in try? record.recordSeccomp(bytes, flags: flags) }
        let callerOOM = options.onOOMKilled
        runOptions.onOOMKilled = { limit in
            try? record.markOOMKilled(memoryLimit: limit)
            callerOOM?(limit)
        }
        let exit: ProcessExit
        do {
            exit = try Executor.run(plan, options: runOptions)
        } catch {
            record.abandon()
            throw .step(error)
        }
        try? record.markExited(exit)
        return exit
    }
}

/// Why a named run did not happen: the name (taken, invalid) or a step.
public enum RecordedRunError: Error, Sendable, CustomStringConvertible {
    case container(ContainerError)
    case step(StepError)

    public var description: String {
        switch self {
        case let .container(error): error.description
        case let .step(error): error.description
        }
    }
}
