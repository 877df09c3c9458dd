import Cgroups
import Glibc
import LinuxSystem
import Planner
import Spec

extension ParentSession {
    /// Makes the container's cgroup at `path`, or at `/mydocker-<name>` (`/mydocker-apply-<pid>` without a name).
    /// A run without a name first removes what runs of apply that were killed before they could clean up left
    /// under `/mydocker` (their apply is gone, so they are empty).
    func createCgroup(path: String?, resources: ContainerSpec.Resources?, step: Step) throws(StepError) {
        let resolved = path ?? CgroupPath.defaultPath(container: options.containerName ?? "apply-\(getpid())")
        if CgroupPath.isSystemdForm(resolved) {
            throw StepError(step: step.number, what: "create cgroup \(resolved)", hint: CgroupPath.systemdHint)
        }
        do {
            let host = try CgroupHost.current()
            if options.containerName == nil && path == nil { CgroupSweeper.removeLeftovers(host: host) }
            let made = try ContainerCgroup.create(path: resolved, host: host.joined(for: resources))
            cgroup = made
            options.onCgroup?(resolved, made.directories)
            if let resources { try made.apply(resources) }
        } catch {
            throw StepError(step: step.number, what: error.what.hasPrefix("apply ") ? error.what : "create cgroup \(resolved)", cause: error.cause)
        }
    }

    /// Ends whatever of the container outlived its first process (without a pid namespace its children may still
    /// run), then removes the cgroup. Idempotent; failures are left for `rm` or the next run to finish.
    func finishCgroup() {
        guard let cgroup else { return }
        self.cgroup = nil
        if !cgroup.processes().isEmpty {
            try? cgroup.signalAll(SIGKILL)
            _ = cgroup.waitUntilEmpty()
        }
        try? cgroup.remove()
    }
}
