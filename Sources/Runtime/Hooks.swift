import Glibc
import LinuxSystem
import Spec

/// What a hook reads on its standard input: the container's state as the OCI runtime spec defines it
/// (`ociVersion`, `id`, `status`, `pid`, `bundle`, `annotations`), with the status of the hook's stage.
public struct HookState: Sendable, Equatable {
    public static let ociVersion = "1.2.0"

    var id: String
    /// The container's first process, as the host's pid namespace numbers it.
    var pid: Int32
    /// The folder of the spec (an OCI bundle's folder for a config.json).
    var bundle: String
    var annotations: [String: String]

    /// The state JSON with `status` (`creating`, `created`, `running`, `stopped`).
    func json(status: String) -> [UInt8] {
        var fields: [(String, JSONValue)] = [
            ("ociVersion", .string(Self.ociVersion)), ("id", .string(id)), ("status", .string(status)),
        ]
        if status != "stopped" { fields.append(("pid", .int(Int64(pid)))) }
        fields.append(("bundle", .string(bundle)))
        fields.append(("annotations", .object(annotations.keys.sorted().map { ($0, .string(annotations[$0] ?? "")) })))
        return Array(JSONValue.object(fields).rendered().utf8)
    }
}

/// Why a hook failed: which one, and how.
struct HookFailure: Error, Equatable {
    var hook: ContainerSpec.Hook
    var reason: String
}

/// Runs one hook to its end, as the OCI runtime spec says: `path` executed with `args` and `env` (nothing of
/// mydocker's own environment), the state on its standard input (a hook that does not read it has not failed), its output on mydocker's, and killed after
/// `timeout` seconds. A hook that cannot start, exits with a status other than 0, or times out has failed.
enum HookRunner {
    /// `stdout` and `stderr` are where its output goes: the run's (a detached container's log), or ours.
    static func run(_ hook: ContainerSpec.Hook, state: [UInt8], stdout: Int32 = 1, stderr: Int32 = 2) throws(HookFailure) {
        let input: Pipe
        do { input = try Pipe() } catch { throw HookFailure(hook: hook, reason: error.description) }
        var request = SpawnRequest(arguments: hook.args.isEmpty ? [hook.path] : hook.args, environment: hook.env)
        request.candidates = [hook.path]
        request.descriptors = [input.read.rawValue, stdout, stderr]
        request.resetSignalHandlers = true
        let pid: Int32
        do {
            pid = try request.start()
        } catch {
            throw HookFailure(hook: hook, reason: "cannot run it: \(error.systemError.description)")
        }
        // The hook holds the read end now; one that does not read its input makes this write fail with EPIPE.
        let writeEnd = input.writeEnd()
        let previous = signal(SIGPIPE, SIG_IGN)  // restored: an ignored signal would stay ignored across execve
        _ = Sys.writeAll(writeEnd.rawValue, state)
        signal(SIGPIPE, previous)
        writeEnd.close()
        let exit = wait(pid, timeout: hook.timeout)
        switch exit {
        case .exited(0):
            return
        case nil:
            throw HookFailure(hook: hook, reason: "timed out after \(hook.timeout ?? 0) s and was killed")
        case .exited(let code):
            throw HookFailure(hook: hook, reason: "exited with status \(code)")
        case .signaled(let signal):
            throw HookFailure(hook: hook, reason: "was killed by \(SignalNames.name(of: signal))")
        }
    }

    /// How `pid` ended; nil when `timeout` seconds passed first (it is then killed and reaped).
    static func wait(_ pid: Int32, timeout: Int64?) -> ProcessExit? {
        if let timeout, let pidfd = try? Pidfd.open(child: pid) {
            let ended = (try? pidfd.waitForExit(milliseconds: Int32(clamping: timeout * 1000))) ?? true
            if !ended { kill(pid, SIGKILL) }
            var status: Int32 = 0
            _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
            return ended ? ProcessExit(waitStatus: status) : nil
        }
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
        return ProcessExit(waitStatus: status)
    }
}

/// The hooks a command runs itself for the OCI lifecycle (`start`'s poststart, `delete`'s poststop): each in order
/// with the container's state on its input; a failure is a warning on standard error, and the next one runs.
public enum LifecycleHooks {
    /// Runs `hooks` in order until one fails: why it failed, or nil when all ran (prestart under `start`, which
    /// must stop the container when one fails).
    public static func firstFailure(_ stage: String, _ hooks: [ContainerSpec.Hook], id: String, pid: Int32, bundle: String,
                                    annotations: [String: String], status: String) -> String? {
        let state = HookState(id: id, pid: pid, bundle: bundle, annotations: annotations).json(status: status)
        for hook in hooks {
            do {
                try HookRunner.run(hook, state: state)
            } catch {
                return "\(stage) hook \(hook.path) \(error.reason)"
            }
        }
        return nil
    }

    public static func run(_ stage: String, _ hooks: [ContainerSpec.Hook], id: String, pid: Int32, bundle: String,
                           annotations: [String: String], status: String) {
        let state = HookState(id: id, pid: pid, bundle: bundle, annotations: annotations).json(status: status)
        for hook in hooks {
            do {
                try HookRunner.run(hook, state: state)
            } catch {
                _ = Sys.writeAll(2, Array("mydocker: warning: \(stage) hook \(hook.path) \(error.reason)\n".utf8))
            }
        }
    }
}
