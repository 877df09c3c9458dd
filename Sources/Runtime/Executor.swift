import LinuxSystem
import Planner

/// Carries a ``Plan`` out: the parent steps here, in the caller's process, and the child steps in the container's
/// first process (this binary re-executed as `mydocker init`, see ``Executor/childMain()``).
///
/// The parent: preflight, loop devices and detached mounts, the pseudo-terminal (unless the container mounts its own
/// devpts: then the child allocates it there after pivot_root and sends the master back), opening namespaces to join;
/// then clone(2) of the child into its new namespaces (Sources/CShim/spawn.c), the setgroups/uid_map/gid_map
/// writes while the child waits, and the child's steps sent over a pipe (end of file = go). It then waits for
/// the child's report: nothing (the process was exec'd) or one failure record, thrown as a ``StepError``.
/// Once the process runs it forwards signals, copies terminal I/O, and returns the process's exit status.
///
/// Whatever happens, the host's hostname, mount table and network interfaces are untouched: every change is
/// made by the child inside its own namespaces, and on any failure the child is killed and reaped, loop devices
/// and descriptors released, the terminal and signal mask restored.
public enum Executor {
    /// Runs `plan` and returns how the container's first process ended. Throws when a step fails before the
    /// process starts.
    public static func run(_ plan: Plan, options: RunOptions = RunOptions()) throws(StepError) -> ProcessExit {
        let session = ParentSession(plan: plan, options: options)
        defer { session.cleanUp() }
        return try session.run()
    }

    /// Carries `plan` out up to the user's process, as `mydocker create` (runc's create): the child then waits on
    /// ``RunOptions/startSocket`` until `mydocker start` connects, and is left running (no longer dying with this
    /// process), with its cgroup. Returns the pid of the container's process. On failure everything is undone, as
    /// ``run(_:options:)`` undoes it.
    public static func create(_ plan: Plan, options: RunOptions) throws(StepError) -> Int32 {
        let session = ParentSession(plan: plan, options: options)
        defer { session.cleanUp() }
        return try session.create()
    }
}
