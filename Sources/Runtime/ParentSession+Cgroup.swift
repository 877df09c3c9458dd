import Cgroups
import Glibc
import LinuxSystem
import Mounts
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
            let ownPidNamespace = plan.steps.contains { step in
                if case .parent(.createNamespaces(let kinds)) = step.action { kinds.contains(.pid) } else { false }
            }
            // A named container reports usage; one that mounts the cgroup file system shows every hierarchy it
            // would report on, as runc's does.
            let accounting = options.containerName != nil || plan.spec.mounts.contains { $0.type == "cgroup" }
            let joined = host.joined(for: resources, accounting: accounting, ownPidNamespace: ownPidNamespace)
            if options.startSocket != nil {
                // `create` may be killed while the cgroup is made: recorded first, `delete --force` finds it then.
                let own: (CgroupHierarchy) -> String = resolved.hasPrefix("/") ? { _ in "/" } : CgroupPath.ownCgroups()
                options.onCgroup?(resolved, CgroupPath.directories(for: resolved, host: joined, own: own))
            }
            let made = try ContainerCgroup.create(path: resolved, host: joined)
            cgroup = made
            options.onCgroup?(resolved, made.directories)
            if let resources { try made.apply(resources) }
        } catch {
            throw StepError(step: step.number, what: error.what.hasPrefix("apply ") ? error.what : "create cgroup \(resolved)", cause: error.cause)
        }
    }

    /// What the container's `cgroup` mount shows: its directory in each hierarchy it joined, under the name of the
    /// hierarchy's folder (`memory`, `cpu,cpuacct`, `unified`), or alone on a unified-only host.
    func cgroupViews() -> [CgroupView] {
        guard let cgroup else { return [] }
        let unifiedOnly = cgroup.host.layout == .unified
        return zip(cgroup.host.hierarchies, cgroup.directories).map { hierarchy, directory in
            CgroupView(name: unifiedOnly ? "" : String(hierarchy.mountPoint.split(separator: "/").last ?? ""), source: directory)
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

    /// Moves the child into the cgroup. The parent moves it in the unified hierarchy; in v1 hierarchies the child
    /// moves itself, first thing once it has its steps (``ChildProgram/cgroupTasks``): a thread moving itself
    /// through `tasks` takes no threadgroup lock, which otherwise waits for an RCU grace period, often the longest
    /// part of a container's start on a v1 host. A child in a mount namespace it joined may not see the host's
    /// cgroup file systems: the parent moves it there.
    func enterCgroup(_ step: Step) throws(StepError) {
        guard let cgroup else { return }
        let selfMove = !plan.steps.contains { step in
            if case .parent(.joinNamespace(.mount, _)) = step.action { true } else { false }
        }
        do {
            if selfMove {
                try cgroup.add(pid: child, hierarchies: .v2)
                childCgroupTasks = cgroup.v1Directories.map { $0 + "/tasks" }
                cgroupStep = step.number
            } else {
                try cgroup.add(pid: child)
            }
        } catch {
            throw StepError(step: step.number, what: describe(step), cause: error.cause)
        }
    }
}
